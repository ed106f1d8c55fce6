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

    /// The discriminator's hinge loss: mean relu(1 − real scores) + mean relu(1 + fake scores).
    public static func discriminatorHinge(real: Tensor, fake: Tensor) -> Tensor {
        (1 - real).relu().mean() + (1 + fake).relu().mean()
    }
}

/// Leaky ReLU with slope 0.2: max(x, 0.2·x) = relu(x) − 0.2·relu(−x) (the discriminators' activation).
public func leakyReLU(_ x: Tensor) -> Tensor { x.relu() - 0.2 * (0 - x).relu() }
