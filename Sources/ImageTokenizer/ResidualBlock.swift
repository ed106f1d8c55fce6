import NN
import Tensor

/// A ResNet block (HF `JanusVQVAEResnetBlock`): two GroupNorm → SiLU → conv3×3 steps plus the
/// input, through a 1×1 `nin_shortcut` when the channel count changes.
final class ResidualBlock: Module {
    /// GroupNorm groups throughout the model.
    static let groups = 32
    /// GroupNorm epsilon throughout the model.
    static let epsilon: Float = 1e-6

    let norm1: GroupNorm, conv1: Conv2d, norm2: GroupNorm, conv2: Conv2d
    let shortcut: Conv2d?

    init(_ inChannels: Int, _ outChannels: Int, generator: inout RandomGenerator) {
        norm1 = GroupNorm(groups: Self.groups, channels: inChannels, epsilon: Self.epsilon)
        conv1 = Conv2d(inChannels, outChannels, kernel: 3, padding: 1, generator: &generator)
        norm2 = GroupNorm(groups: Self.groups, channels: outChannels, epsilon: Self.epsilon)
        conv2 = Conv2d(outChannels, outChannels, kernel: 3, padding: 1, generator: &generator)
        shortcut = inChannels == outChannels ? nil : Conv2d(inChannels, outChannels, kernel: 1, generator: &generator)
        super.init()
        register("norm1", module: norm1)
        register("conv1", module: conv1)
        register("norm2", module: norm2)
        register("conv2", module: conv2)
        if let shortcut { register("nin_shortcut", module: shortcut) }
    }

    /// [batch, inChannels, height, width] → [batch, outChannels, height, width]
    func callAsFunction(_ x: Tensor) -> Tensor {
        let hidden = conv1(norm1(x).silu())          // [batch, outChannels, height, width]
        let residual = conv2(norm2(hidden).silu())   // [batch, outChannels, height, width]
        return (shortcut?(x) ?? x) + residual
    }
}
