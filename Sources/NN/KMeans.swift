import Tensor

/// Lloyd's k-means: starts the image quantizer's codebook (spherical, for cosine codebooks) and
/// each RVQ level of the audio codec from real latents.
public enum KMeans {
    /// `clusters` centroids of `vectors` after `iterations` (at least one) rounds of
    /// assign-then-average, starting from distinct random vectors (drawn with replacement when
    /// there are fewer vectors than clusters). `nearest(vectors, centroids)` assigns each vector a
    /// centroid — the tokenizer's own search, so clusters match what its quantizer picks;
    /// `spherical` rescales every averaged centroid to unit length. A cluster that loses all its
    /// vectors restarts at a random vector.
    /// vectors [count, dimension] → centroids [clusters, dimension] and each cluster's final count.
    public static func fit(_ vectors: Tensor, clusters: Int, iterations: Int, spherical: Bool = false,
                           nearest: (_ vectors: Tensor, _ centroids: Tensor) -> [Int32],
                           generator: inout RandomGenerator) -> (centroids: Tensor, counts: [Int]) {
        precondition(vectors.rank == 2 && vectors.shape[0] > 0 && clusters > 0, "k-means of \(vectors.shape) into \(clusters)")
        let (count, dimension) = (vectors.shape[0], vectors.shape[1])
        let centroids = Tensor(uninitialized: [clusters, dimension])
        let starts = startingRows(count: count, clusters: clusters, generator: &generator)
        for (cluster, row) in starts.enumerated() { copyRow(row, of: vectors, to: cluster, of: centroids) }
        var counts = [Int](repeating: 0, count: clusters)
        for _ in 0..<Swift.max(iterations, 1) {
            counts = average(vectors, assignment: nearest(vectors, centroids), into: centroids, spherical: spherical)
            for cluster in 0..<clusters where counts[cluster] == 0 {
                copyRow(generator.nextInt(below: count), of: vectors, to: cluster, of: centroids)
            }
        }
        return (centroids, counts)
    }

    /// Distinct random rows when there are enough (a partial Fisher–Yates shuffle), else random rows.
    private static func startingRows(count: Int, clusters: Int, generator: inout RandomGenerator) -> [Int] {
        guard count >= clusters else { return (0..<clusters).map { _ in generator.nextInt(below: count) } }
        var rows = Array(0..<count)
        for index in 0..<clusters { rows.swapAt(index, index + generator.nextInt(below: count - index)) }
        return Array(rows.prefix(clusters))
    }

    /// Sets each centroid with members to their mean (at unit length when `spherical`) and returns
    /// the member counts. vectors [count, dimension], centroids [clusters, dimension]
    static func average(_ vectors: Tensor, assignment: [Int32], into centroids: Tensor, spherical: Bool) -> [Int] {
        let (clusters, dimension) = (centroids.shape[0], centroids.shape[1])
        let sums = clusterSums(vectors, assignment: assignment, clusters: clusters)
        for cluster in 0..<clusters where sums.counts[cluster] > 0 {
            let total = sums.totals.pointer + cluster * dimension
            let scale = spherical ? 1 / Swift.max(length(total, dimension), 1e-12) : 1 / Float(sums.counts[cluster])
            for index in 0..<dimension { centroids.pointer[cluster * dimension + index] = total[index] * scale }
        }
        return sums.counts
    }

    /// The Euclidean length of the `dimension` values at `vector`.
    private static func length(_ vector: UnsafeMutablePointer<Float>, _ dimension: Int) -> Float {
        (0..<dimension).reduce(Float(0)) { $0 + vector[$1] * vector[$1] }.squareRoot()
    }

    /// The number of vectors assigned to each cluster and their sum.
    /// vectors [count, dimension] → counts [clusters], totals [clusters, dimension]
    public static func clusterSums(_ vectors: Tensor, assignment: [Int32], clusters: Int) -> (counts: [Int], totals: Tensor) {
        let dimension = vectors.shape[1]
        var counts = [Int](repeating: 0, count: clusters)
        let totals = Tensor(zeros: [clusters, dimension])
        for (row, cluster) in assignment.enumerated() {
            counts[Int(cluster)] += 1
            let source = vectors.pointer + row * dimension, destination = totals.pointer + Int(cluster) * dimension
            for index in 0..<dimension { destination[index] += source[index] }
        }
        return (counts, totals)
    }

    /// Copies row `source` of `from` [_, dimension] into row `destination` of `to` [_, dimension].
    public static func copyRow(_ source: Int, of from: Tensor, to destination: Int, of to: Tensor) {
        let dimension = from.shape[1]
        (to.pointer + destination * dimension).update(from: from.pointer + source * dimension, count: dimension)
    }
}
