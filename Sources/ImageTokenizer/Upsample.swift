import NN
import Tensor

/// Doubles each side (HF `JanusVQVAEConvUpsample`): nearest-neighbour ×2, then a 3×3 convolution.
final class Upsample: Module {
    let conv: Conv2d

    init(_ channels: Int, generator: inout RandomGenerator) {
        conv = Conv2d(channels, channels, kernel: 3, padding: 1, generator: &generator)
        super.init()
        register("conv", module: conv)
    }

    /// [batch, channels, height, width] → [batch, channels, 2·height, 2·width]
    func callAsFunction(_ x: Tensor) -> Tensor {
        conv(upsampleNearest(x, scale: 2))
    }
}
