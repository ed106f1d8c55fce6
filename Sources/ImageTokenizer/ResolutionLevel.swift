import NN
import Tensor

/// One resolution level of the encoder (`down.i`) or decoder (`up.i`): ResNet blocks under
/// `block.j`, each followed by `attn.j` when the level has attention, then an optional
/// `downsample` or `upsample`.
final class ResolutionLevel: Module {
    /// How a level changes the resolution after its blocks.
    enum Resampling { case none, down, up }

    let blocks: [ResidualBlock]
    let attentions: [AttentionBlock]
    let downsample: Downsample?
    let upsample: Upsample?

    init(inChannels: Int, outChannels: Int, blockCount: Int, attention: Bool, resampling: Resampling,
         generator: inout RandomGenerator) {
        var blocks: [ResidualBlock] = [], attentions: [AttentionBlock] = []
        for index in 0..<blockCount {
            blocks.append(ResidualBlock(index == 0 ? inChannels : outChannels, outChannels, generator: &generator))
            if attention { attentions.append(AttentionBlock(outChannels, generator: &generator)) }
        }
        (self.blocks, self.attentions) = (blocks, attentions)
        downsample = resampling == .down ? Downsample(outChannels, generator: &generator) : nil
        upsample = resampling == .up ? Upsample(outChannels, generator: &generator) : nil
        super.init()
        for (index, block) in blocks.enumerated() { register("block.\(index)", module: block) }
        for (index, block) in attentions.enumerated() { register("attn.\(index)", module: block) }
        if let downsample { register("downsample", module: downsample) }
        if let upsample { register("upsample", module: upsample) }
    }

    /// [batch, inChannels, height, width] → [batch, outChannels, height′, width′]
    func callAsFunction(_ x: Tensor) -> Tensor {
        var hidden = x
        for (index, block) in blocks.enumerated() {
            hidden = block(hidden)
            if !attentions.isEmpty { hidden = attentions[index](hidden) }
        }
        if let downsample { hidden = downsample(hidden) }
        if let upsample { hidden = upsample(hidden) }
        return hidden
    }
}
