import NN
import Tensor

/// The block at the lowest resolution (HF `JanusVQVAEMidBlock`): ResNet, attention, ResNet.
final class MidBlock: Module {
    let first: ResidualBlock, attention: AttentionBlock, second: ResidualBlock

    init(_ channels: Int, generator: inout RandomGenerator) {
        first = ResidualBlock(channels, channels, generator: &generator)
        attention = AttentionBlock(channels, generator: &generator)
        second = ResidualBlock(channels, channels, generator: &generator)
        super.init()
        register("block_1", module: first)
        register("attn_1", module: attention)
        register("block_2", module: second)
    }

    /// [batch, channels, height, width] → [batch, channels, height, width]
    func callAsFunction(_ x: Tensor) -> Tensor { second(attention(first(x))) }
}
