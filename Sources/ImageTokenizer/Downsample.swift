import NN
import Tensor

/// Halves each side (HF `JanusVQVAEConvDownsample`): pads one zero row below and one zero column
/// to the right, then a 3×3 convolution with stride 2 and no padding.
final class Downsample: Module {
    let conv: Conv2d

    init(_ channels: Int, generator: inout RandomGenerator) {
        conv = Conv2d(channels, channels, kernel: 3, stride: 2, generator: &generator)
        super.init()
        register("conv", module: conv)
    }

    /// [batch, channels, height, width] → [batch, channels, height/2, width/2]
    func callAsFunction(_ x: Tensor) -> Tensor {
        conv(x.padded([(0, 1), (0, 1)]))  // pad: [batch, channels, height+1, width+1]
    }
}
