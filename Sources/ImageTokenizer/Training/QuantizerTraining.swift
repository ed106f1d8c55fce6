import NN
import Tensor

/// What one training pass through the quantizer gives the trainer.
public struct QuantizerTrainingOutput {
    /// The straight-through quantized latents: the chosen rows forward, the identity backward. [batch, dimension, height, width]
    public let quantized: Tensor
    /// ‖sg(z) − e‖²: pulls the chosen rows towards the encoder's latents (scalar).
    public let codebookLoss: Tensor
    /// ‖z − sg(e)‖²: keeps the encoder near its chosen rows (scalar, not yet weighted).
    public let commitmentLoss: Tensor
    /// The chosen row of each position, row-major over [batch, height, width].
    public let codes: [Int32]
}

extension VectorQuantizer {
    /// The latents as the search sees them in training: unit rows in the Janus mode. [positions, dimension]
    func searchPoints(_ latents: Tensor) -> Tensor {
        let points = latents.permuted([0, 2, 3, 1]).reshaped([-1, dimension])  // [positions, dimension]
        return l2Normalized ? l2NormalizedRows(points) : points
    }

    /// Quantizes `latents` [batch, dimension, height, width] with the straight-through estimator
    /// (VQ-VAE; LlamaGen's cosine variant in the Janus mode: latents and rows both l2-normalised).
    public func trainingForward(_ latents: Tensor) -> QuantizerTrainingOutput {
        let (batch, height, width) = (latents.shape[0], latents.shape[2], latents.shape[3])
        let points = searchPoints(latents)                   // [positions, dimension]
        let rows = usableRows                                // [codebookSize, dimension]
        let codes = nearestRows(points: points.pointer, count: points.shape[0], rows: rows.pointer,
                                rowCount: codebookSize, dimension: dimension)
        let chosen = gatherRows(rows, codes, shape: [points.shape[0]])  // [positions, dimension]
        let codebookLoss = (chosen - points.detached()).square().mean()
        let commitmentLoss = (points - chosen.detached()).square().mean()
        let straightThrough = points + (chosen - points).detached()    // [positions, dimension]
        let quantized = straightThrough.reshaped([batch, height, width, dimension]).permuted([0, 3, 1, 2])
        return QuantizerTrainingOutput(quantized: quantized, codebookLoss: codebookLoss, commitmentLoss: commitmentLoss,
                                       codes: codes)
    }

    /// Sets the rows to the k-means centroids of `latents` [batch, dimension, height, width]
    /// (spherical k-means in the Janus mode).
    public func initializeWithKMeans(_ latents: Tensor, iterations: Int, generator: inout RandomGenerator) {
        let points = withoutGradient { searchPoints(latents) }  // [positions, dimension]
        let centroids = KMeans.fit(points, clusters: codebookSize, iterations: iterations, spherical: l2Normalized, nearest: { points, rows in
            nearestRows(points: points.pointer, count: points.shape[0], rows: rows.pointer, rowCount: rows.shape[0], dimension: rows.shape[1])
        }, generator: &generator).centroids
        embedding.assign(centroids)
    }

    /// Moves every row used fewer than `minimumUses` times (by `usage`, one count per row) onto a
    /// random latent of `latents` [batch, dimension, height, width], so dead codes rejoin where the
    /// encoder's outputs are. Returns how many rows moved.
    @discardableResult
    public func restartDeadCodes(usage: [Int], minimumUses: Int, latents: Tensor, generator: inout RandomGenerator) -> Int {
        let points = withoutGradient { searchPoints(latents) }  // [positions, dimension]
        let dead = usage.indices.filter { usage[$0] < minimumUses }
        for row in dead {
            let source = points.pointer + generator.nextInt(below: points.shape[0]) * dimension
            (embedding.pointer + row * dimension).update(from: source, count: dimension)
        }
        return dead.count
    }
}
