import NN
import Tensor

/// Image → latent map (HF `JanusVQVAEEncoder`): `conv_in`, the `down` levels (attention in the
/// last), `mid`, then GroupNorm → SiLU → `conv_out`.
public final class JanusVQVAEEncoder: Module {
    let convIn: Conv2d
    let levels: [ResolutionLevel]
    let mid: MidBlock
    let normOut: GroupNorm
    let convOut: Conv2d

    init(_ config: JanusVQVAEConfig, generator: inout RandomGenerator) {
        let channels = config.channelMultiplier.map { $0 * config.baseChannels }
        let last = channels.count - 1
        convIn = Conv2d(config.inChannels, config.baseChannels, kernel: 3, padding: 1, generator: &generator)
        levels = channels.indices.map { index in
            ResolutionLevel(inChannels: index == 0 ? config.baseChannels : channels[index - 1], outChannels: channels[index],
                            blockCount: config.residualBlocksPerLevel, attention: index == last,
                            resampling: index == last ? .none : .down, generator: &generator)
        }
        mid = MidBlock(channels[last], generator: &generator)
        normOut = GroupNorm(groups: ResidualBlock.groups, channels: channels[last], epsilon: ResidualBlock.epsilon)
        convOut = Conv2d(channels[last], config.latentChannels * (config.doubleLatent ? 2 : 1), kernel: 3, padding: 1,
                         generator: &generator)
        super.init()
        register("conv_in", module: convIn)
        for (index, level) in levels.enumerated() { register("down.\(index)", module: level) }
        register("mid", module: mid)
        register("norm_out", module: normOut)
        register("conv_out", module: convOut)
    }

    /// [batch, inChannels, height, width] → [batch, latentChannels, height/f, width/f]
    public func callAsFunction(_ images: Tensor) -> Tensor {
        let features = levels.reduce(convIn(images)) { hidden, level in level(hidden) }  // [batch, C, height/f, width/f]
        return convOut(normOut(mid(features)).silu())
    }
}
