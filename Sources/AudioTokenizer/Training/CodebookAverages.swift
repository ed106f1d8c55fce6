import NN
import Tensor

/// The running averages that train one RVQ codebook without gradients, under HF's buffer names
/// (`cluster_size`, `embed_avg`, `inited`): an exponential moving average of how many vectors
/// each code takes per step and of their sum; the codebook row is their ratio. A code whose
/// average count falls below `deadThreshold` is dead and restarts at a vector of the batch.
public final class CodebookAverages: Module {
    /// EMA of the vectors assigned to each code per step, [codebookSize].
    public let clusterSize: Tensor
    /// EMA of the sum of those vectors, [codebookSize, dimension].
    public let embedSum: Tensor
    /// 1 once k-means has filled the codebook, [1] (HF's `inited`).
    public let initialized: Tensor

    /// Zero averages for a codebook of `size` rows of `dimension`.
    public init(size: Int, dimension: Int) {
        clusterSize = Tensor(zeros: [size])
        embedSum = Tensor(zeros: [size, dimension])
        initialized = Tensor(zeros: [1])
        super.init()
        register("inited", parameter: initialized)
        register("cluster_size", parameter: clusterSize)
        register("embed_avg", parameter: embedSum)
    }

    /// Starts the averages from k-means: `codebook` [size, dimension] gets the centroids, and each
    /// count is the cluster's share scaled to `vectorsPerStep` vectors a step.
    public func start(codebook: Tensor, centroids: Tensor, counts: [Int], vectorsPerStep: Int) {
        codebook.assign(centroids)
        let scale = Float(vectorsPerStep) / Float(Swift.max(counts.reduce(0, +), 1))
        let dimension = codebook.shape[1]
        for (code, count) in counts.enumerated() {
            clusterSize.pointer[code] = Float(count) * scale
            for index in 0..<dimension {
                embedSum.pointer[code * dimension + index] = centroids.pointer[code * dimension + index] * clusterSize.pointer[code]
            }
        }
        initialized.pointer[0] = 1
    }

    /// One EMA step from this batch's assignment, then the codebook row of every code
    /// becomes embedSum / (Laplace-smoothed clusterSize), as EnCodec computes it.
    /// vectors [count, dimension], codebook [size, dimension]
    public func update(codebook: Tensor, vectors: Tensor, codes: [Int32], decay: Float, epsilon: Float = 1e-5) {
        let (size, dimension) = (codebook.shape[0], codebook.shape[1])
        let batch = KMeans.clusterSums(vectors, assignment: codes, clusters: size)
        for code in 0..<size {
            clusterSize.pointer[code] = decay * clusterSize.pointer[code] + (1 - decay) * Float(batch.counts[code])
        }
        for index in 0..<(size * dimension) {
            embedSum.pointer[index] = decay * embedSum.pointer[index] + (1 - decay) * batch.totals.pointer[index]
        }
        let total = clusterSize.toArray().reduce(0, +)
        for code in 0..<size {
            let smoothed = (clusterSize.pointer[code] + epsilon) / (total + Float(size) * epsilon) * total
            for index in 0..<dimension {
                codebook.pointer[code * dimension + index] = embedSum.pointer[code * dimension + index] / smoothed
            }
        }
    }

    /// Restarts every code whose average count is below `threshold` at a random row of `vectors`
    /// [count, dimension], with count 2·`threshold` (about 70 steps of grace at decay 0.99 before it
    /// can be restarted again); returns how many restarted.
    @discardableResult
    public func replaceDeadCodes(codebook: Tensor, vectors: Tensor, threshold: Float,
                                 generator: inout RandomGenerator) -> Int {
        let dimension = codebook.shape[1]
        var replaced = 0
        for code in 0..<codebook.shape[0] where clusterSize.pointer[code] < threshold {
            KMeans.copyRow(generator.nextInt(below: vectors.shape[0]), of: vectors, to: code, of: codebook)
            clusterSize.pointer[code] = 2 * threshold
            for index in 0..<dimension {
                embedSum.pointer[code * dimension + index] = codebook.pointer[code * dimension + index] * 2 * threshold
            }
            replaced += 1
        }
        return replaced
    }

    /// The share of codes whose average count is at least `threshold` (alive).
    public func usage(threshold: Float) -> Float {
        Float(clusterSize.toArray().filter { $0 >= threshold }.count) / Float(clusterSize.count)
    }
}
