import Tensor

/// What residual quantization of a training batch produced.
struct TrainingQuantization {
    /// The quantized latents, valued as the codebook sum but with the identity gradient to the
    /// encoder (straight-through): [vectors, dimension].
    let quantized: Tensor
    /// Mean over levels of ‖latents − Σ_{k≤l} q_k‖² per element, which pulls the encoder toward its
    /// quantization: a scalar.
    let commitment: Tensor
    /// Each level's input (the residual it coded, without gradient) [vectors, dimension], and its codes.
    let residuals: [Tensor], codes: [[Int32]]
}

extension ResidualVectorQuantizer {
    /// Quantizes latents [vectors, dimension] with the first `levels` codebooks for training.
    func quantizeForTraining(_ latents: Tensor, levels: Int) -> TrainingQuantization {
        var remainder = latents                        // [vectors, dimension], carries the encoder's gradient
        var total = Tensor(zeros: latents.shape)       // Σ q_k, no gradient
        var commitment = Tensor(scalar: 0)
        var residuals: [Tensor] = [], codes: [[Int32]] = []
        for codebook in codebooks.prefix(levels) {
            let input = remainder.detached()
            let (levelCodes, rows) = codebook.quantize(input)  // rows [vectors, dimension]
            total = withoutGradient { total + rows }
            remainder = remainder - rows
            commitment = commitment + remainder.square().mean()
            residuals.append(input)
            codes.append(levelCodes)
        }
        let quantized = latents + withoutGradient { total - latents }  // value Σ q_k, gradient identity
        return TrainingQuantization(quantized: quantized, commitment: commitment / Float(Swift.max(levels, 1)),
                                    residuals: residuals, codes: codes)
    }
}
