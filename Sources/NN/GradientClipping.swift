import Tensor

/// Scales all gradients down so their joint L2 norm is at most `maxNorm`, as
/// `torch.nn.utils.clip_grad_norm_` does. Returns the norm before clipping.
@discardableResult
public func clipGradientNorm(_ parameters: [Tensor], maxNorm: Float) -> Float {
    let gradients = parameters.compactMap(\.grad)
    let squares = gradients.map { gradient in
        // Each tensor's norm in Float, as torch computes it, then the norm of the norms.
        let norm = Float(gradient.data.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot())
        return norm * norm
    }
    let total = squares.reduce(0, +).squareRoot()
    let coefficient = Swift.min(maxNorm / (total + 1e-6), 1)
    if coefficient < 1 {
        for gradient in gradients {
            let values = gradient.pointer
            for index in 0..<gradient.count { values[index] *= coefficient }
        }
    }
    return total
}
