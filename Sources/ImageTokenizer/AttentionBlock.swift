import NN
import Tensor

/// Single-head, non-causal self-attention over the spatial positions (HF `JanusVQVAEAttnBlock`),
/// with 1×1 convolutions `q`, `k`, `v`, `proj_out` and a residual connection.
final class AttentionBlock: Module {
    let norm: GroupNorm, query: Conv2d, key: Conv2d, value: Conv2d, output: Conv2d

    init(_ channels: Int, generator: inout RandomGenerator) {
        norm = GroupNorm(groups: ResidualBlock.groups, channels: channels, epsilon: ResidualBlock.epsilon)
        query = Conv2d(channels, channels, kernel: 1, generator: &generator)
        key = Conv2d(channels, channels, kernel: 1, generator: &generator)
        value = Conv2d(channels, channels, kernel: 1, generator: &generator)
        output = Conv2d(channels, channels, kernel: 1, generator: &generator)
        super.init()
        register("norm", module: norm)
        register("q", module: query)
        register("k", module: key)
        register("v", module: value)
        register("proj_out", module: output)
    }

    /// [batch, channels, height, width] → [batch, channels, height, width]
    func callAsFunction(_ x: Tensor) -> Tensor {
        let (batch, channels, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let normalized = norm(x)
        /// [batch, channels, height, width] → [batch, 1, positions, channels]
        func tokens(_ map: Tensor) -> Tensor {
            map.reshaped([batch, 1, channels, height * width]).transposed()
        }
        let attended = scaledDotProductAttention(query: tokens(query(normalized)), key: tokens(key(normalized)),
                                                 value: tokens(value(normalized)), causal: false)  // [batch, 1, positions, channels]
        let map = attended.transposed().reshaped([batch, channels, height, width])
        return x + output(map)
    }
}
