import Tensor

/// Lloyd's k-means on the rows of a [count, dimension] tensor, seeded with distinct random points.
/// The spherical variant keeps centroids at unit length (for cosine codebooks).
struct KMeans {
    let clusters: Int
    let iterations: Int
    let spherical: Bool

    /// The centroids [clusters, dimension]. A cluster that loses all its points takes a random point.
    func fit(_ points: Tensor, generator: inout RandomGenerator) -> Tensor {
        let (count, dimension) = (points.shape[0], points.shape[1])
        precondition(count > 0, "k-means needs at least one point")
        let centroids = Tensor(zeros: [clusters, dimension])
        var order = Array(0..<count)
        for index in order.indices.reversed() where index > 0 { order.swapAt(index, generator.nextInt(below: index + 1)) }
        for cluster in 0..<clusters {
            copyRow(points, order[cluster % count], into: centroids, cluster, dimension: dimension)
        }
        for _ in 0..<iterations {
            let assignment = nearestRows(points: points.pointer, count: count, rows: centroids.pointer,
                                         rowCount: clusters, dimension: dimension)
            var sums = [Double](repeating: 0, count: clusters * dimension)
            var members = [Int](repeating: 0, count: clusters)
            for (point, cluster) in assignment.enumerated() {
                members[Int(cluster)] += 1
                for axis in 0..<dimension { sums[Int(cluster) * dimension + axis] += Double(points.pointer[point * dimension + axis]) }
            }
            for cluster in 0..<clusters {
                guard members[cluster] > 0 else {
                    copyRow(points, generator.nextInt(below: count), into: centroids, cluster, dimension: dimension)
                    continue
                }
                let mean = (0..<dimension).map { sums[cluster * dimension + $0] / Double(members[cluster]) }
                let scale = spherical ? 1 / Swift.max(mean.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-12) : 1.0
                for axis in 0..<dimension { centroids.pointer[cluster * dimension + axis] = Float(mean[axis] * scale) }
            }
        }
        return centroids
    }

    private func copyRow(_ points: Tensor, _ point: Int, into centroids: Tensor, _ cluster: Int, dimension: Int) {
        (centroids.pointer + cluster * dimension).update(from: points.pointer + point * dimension, count: dimension)
    }
}
