import NN
import Tensor
import XCTest

/// Lloyd's k-means (shared by the image quantizer and the audio codec), on values worked out by hand.
final class KMeansTests: XCTestCase {
    /// The nearest centroid by squared Euclidean distance, the lower index on ties (the searches the
    /// tokenizers pass differ only in how they accumulate).
    private func nearest(_ vectors: Tensor, _ centroids: Tensor) -> [Int32] {
        let (dimension, values, rows) = (vectors.shape[1], vectors.toArray(), centroids.toArray())
        return (0..<vectors.shape[0]).map { vector in
            let distances = (0..<centroids.shape[0]).map { row in
                (0..<dimension).reduce(Float(0)) { total, axis in
                    let difference = values[vector * dimension + axis] - rows[row * dimension + axis]
                    return total + difference * difference
                }
            }
            return Int32(distances.firstIndex(of: distances.min()!)!)
        }
    }

    /// Two groups on a line: from any two distinct starting vectors, Lloyd's iterations end at the
    /// group means.
    func testKMeansFindsTwoGroupsFromAnyStart() {
        for seed in 0..<8 as Range<UInt64> {
            var generator = RandomGenerator(seed: seed)
            let vectors = Tensor(shape: [6, 1], values: [0, 1, 2, 10, 11, 12])
            let (centroids, counts) = KMeans.fit(vectors, clusters: 2, iterations: 10, nearest: nearest, generator: &generator)
            XCTAssertEqual(centroids.toArray().sorted(), [1, 11], "seed \(seed)")
            XCTAssertEqual(counts, [3, 3], "seed \(seed)")
        }
    }

    /// On random blobs the result is a Lloyd fixed point: every centroid is the mean of the vectors
    /// nearest to it, and the counts are those vectors' numbers.
    func testKMeansEndsAtAFixedPoint() {
        var generator = RandomGenerator(seed: 1)
        let vectors = Tensor.randomNormal([60, 3], generator: &generator) + Tensor(shape: [60, 1], values: (0..<60).map { Float($0 % 3) * 5 })
        let (centroids, counts) = KMeans.fit(vectors, clusters: 4, iterations: 30, nearest: nearest, generator: &generator)
        let assignment = nearest(vectors, centroids)
        let sums = KMeans.clusterSums(vectors, assignment: assignment, clusters: 4)
        XCTAssertEqual(sums.counts, counts)
        for cluster in 0..<4 where counts[cluster] > 0 {
            for index in 0..<3 {
                XCTAssertEqual(centroids.toArray()[cluster * 3 + index], sums.totals.toArray()[cluster * 3 + index] / Float(counts[cluster]),
                               accuracy: 1e-4)
            }
        }
    }

    /// More clusters than vectors still yields a full codebook of input vectors.
    func testKMeansWithFewerVectorsThanClusters() {
        var generator = RandomGenerator(seed: 2)
        let vectors = Tensor(shape: [2, 1], values: [1, 5])
        let (centroids, counts) = KMeans.fit(vectors, clusters: 4, iterations: 3, nearest: nearest, generator: &generator)
        XCTAssertEqual(centroids.shape, [4, 1])
        XCTAssertTrue(centroids.toArray().allSatisfy { $0 == 1 || $0 == 5 })
        XCTAssertEqual(counts.reduce(0, +), 2)
    }

    /// The spherical variant keeps every centroid at unit length, pointing along its members' mean.
    func testSphericalCentroidsAreUnitMeanDirections() {
        var generator = RandomGenerator(seed: 4)
        let vectors = Tensor(shape: [4, 2], values: [3, 0, 5, 0, 0, 2, 0, 4])
        let (centroids, counts) = KMeans.fit(vectors, clusters: 2, iterations: 5, spherical: true, nearest: nearest, generator: &generator)
        XCTAssertEqual(counts, [2, 2])
        let rows = [Array(centroids.toArray()[0..<2]), Array(centroids.toArray()[2..<4])].sorted { $0[0] > $1[0] }
        XCTAssertEqual(rows[0], [1, 0])
        XCTAssertEqual(rows[1], [0, 1])
    }
}
