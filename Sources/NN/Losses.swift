import Tensor

/// Losses built from Tensor ops (cross-entropy is a fused op in Tensor: `crossEntropy`).
public enum Loss {
    /// Mean of (prediction − target)².
    public static func meanSquaredError(_ prediction: Tensor, _ target: Tensor) -> Tensor {
        (prediction - target).square().mean()
    }

    /// Mean of |prediction − target|.
    public static func meanAbsoluteError(_ prediction: Tensor, _ target: Tensor) -> Tensor {
        (prediction - target).abs().mean()
    }
}
