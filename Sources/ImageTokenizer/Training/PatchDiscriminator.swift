import NN
import Tensor

/// A PatchGAN discriminator (pix2pix/VQGAN's N-layer design, GroupNorm in place of BatchNorm):
/// 4×4 convolutions with stride 2 and leaky ReLU, ending in one real/fake score per patch.
public final class PatchDiscriminator: Module {
    let layers: [Conv2d]
    let norms: [GroupNorm]

    /// `downsamplings` stride-2 layers starting at `channels` (doubling, at most 8×), then two stride-1 layers.
    public init(inChannels: Int = 3, channels: Int = 32, downsamplings: Int = 3, seed: UInt64 = 0) {
        var generator = RandomGenerator(seed: seed)
        let widths = (0...downsamplings).map { channels * (1 << Swift.min($0, 3)) }
        var convolutions = [Conv2d(inChannels, widths[0], kernel: 4, stride: 2, padding: 1, generator: &generator)]
        for index in 1..<downsamplings {
            convolutions.append(Conv2d(widths[index - 1], widths[index], kernel: 4, stride: 2, padding: 1, generator: &generator))
        }
        convolutions.append(Conv2d(widths[downsamplings - 1], widths[downsamplings], kernel: 4, padding: 1, generator: &generator))
        convolutions.append(Conv2d(widths[downsamplings], 1, kernel: 4, padding: 1, generator: &generator))
        layers = convolutions
        norms = (1...downsamplings).map { GroupNorm(groups: Swift.min(32, widths[$0] / 4), channels: widths[$0], epsilon: 1e-5) }
        super.init()
        for (index, layer) in layers.enumerated() { register("conv.\(index)", module: layer) }
        for (index, norm) in norms.enumerated() { register("norm.\(index + 1)", module: norm) }
    }

    /// [batch, 3, height, width] → patch scores [batch, 1, h', w'].
    public func callAsFunction(_ images: Tensor) -> Tensor {
        var hidden = leakyReLU(layers[0](images))
        for index in 1..<(layers.count - 1) { hidden = leakyReLU(norms[index - 1](layers[index](hidden))) }
        return layers[layers.count - 1](hidden)
    }
}
