import Tensor

/// Layer normalisation over the last axis, with PyTorch's `weight`/`bias` keys.
public final class LayerNorm: Module {
    public let weight: Tensor?
    public let bias: Tensor?
    public let epsilon: Float

    public init(_ size: Int, epsilon: Float = 1e-5, affine: Bool = true) {
        weight = affine ? Tensor(shape: [size], repeating: 1) : nil
        bias = affine ? Tensor(zeros: [size]) : nil
        self.epsilon = epsilon
        super.init()
        if let weight, let bias {
            register("weight", parameter: weight)
            register("bias", parameter: bias)
        }
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { layerNorm(x, weight: weight, bias: bias, epsilon: epsilon) }
}

/// Root-mean-square normalisation over the last axis (Llama's `LlamaRMSNorm`).
public final class RMSNorm: Module {
    public let weight: Tensor
    public let epsilon: Float

    public init(_ size: Int, epsilon: Float = 1e-6) {
        weight = Tensor(shape: [size], repeating: 1)
        self.epsilon = epsilon
        super.init()
        register("weight", parameter: weight)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { rmsNorm(x, weight: weight, epsilon: epsilon) }
}

/// Group normalisation of [batch, channels, ...] activations.
public final class GroupNorm: Module {
    public let weight: Tensor
    public let bias: Tensor
    public let groups: Int
    public let epsilon: Float

    public init(groups: Int, channels: Int, epsilon: Float = 1e-5) {
        precondition(channels % groups == 0, "\(channels) channels in \(groups) groups")
        weight = Tensor(shape: [channels], repeating: 1)
        bias = Tensor(zeros: [channels])
        (self.groups, self.epsilon) = (groups, epsilon)
        super.init()
        register("weight", parameter: weight)
        register("bias", parameter: bias)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        groupNorm(x, groups: groups, weight: weight, bias: bias, epsilon: epsilon)
    }
}
