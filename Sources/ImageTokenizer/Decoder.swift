import NN
import Tensor

/// Latent map → image (HF `JanusVQVAEDecoder`): `conv_in`, `mid`, the `up` levels from the
/// lowest resolution (with attention) upwards, each with one more block than the encoder's,
/// then GroupNorm → SiLU → `conv_out`.
public final class JanusVQVAEDecoder: Module {
    let convIn: Conv2d
    let mid: MidBlock
    let levels: [ResolutionLevel]
    let normOut: GroupNorm
    let convOut: Conv2d

    init(_ config: JanusVQVAEConfig, generator: inout RandomGenerator) {
        let channels = Array(config.channelMultiplier.map { $0 * config.baseChannels }.reversed())  // lowest resolution first
        let last = channels.count - 1
        convIn = Conv2d(config.latentChannels, channels[0], kernel: 3, padding: 1, generator: &generator)
        mid = MidBlock(channels[0], generator: &generator)
        levels = channels.indices.map { index in
            ResolutionLevel(inChannels: index == 0 ? channels[0] : channels[index - 1], outChannels: channels[index],
                            blockCount: config.residualBlocksPerLevel + 1, attention: index == 0,
                            resampling: index == last ? .none : .up, generator: &generator)
        }
        normOut = GroupNorm(groups: ResidualBlock.groups, channels: channels[last], epsilon: ResidualBlock.epsilon)
        convOut = Conv2d(channels[last], config.outChannels, kernel: 3, padding: 1, generator: &generator)
        super.init()
        register("conv_in", module: convIn)
        register("mid", module: mid)
        for (index, level) in levels.enumerated() { register("up.\(index)", module: level) }
        register("norm_out", module: normOut)
        register("conv_out", module: convOut)
    }

    /// [batch, latentChannels, height/f, width/f] → [batch, outChannels, height, width]
    public func callAsFunction(_ latents: Tensor) -> Tensor {
        let features = levels.reduce(mid(convIn(latents))) { hidden, level in level(hidden) }  // [batch, C, height, width]
        return convOut(normOut(features).silu())
    }
}
