import NN
import Tensor

/// The Llama decoder stack without its head (HF `LlamaModel`, keys `embed_tokens`,
/// `layers.N.*`, `norm`).
public final class LlamaModel: Module {
    /// The token embedding table (`embed_tokens`), [vocabulary, hidden].
    public let embedTokens: Embedding
    /// The decoder blocks (`layers.N`).
    public let layers: [LlamaDecoderLayer]
    /// The final RMSNorm (`norm`).
    public let norm: RMSNorm

    /// A stack of `config`'s geometry with weights drawn from `generator`.
    public init(_ config: LlamaConfig, generator: inout RandomGenerator) {
        embedTokens = Embedding(config.vocabularySize, config.hiddenSize, generator: &generator)
        layers = (0..<config.layers).map { _ in LlamaDecoderLayer(config, generator: &generator) }
        norm = RMSNorm(config.hiddenSize, epsilon: config.rmsNormEpsilon)
        super.init()
        register("embed_tokens", module: embedTokens)
        for (index, layer) in layers.enumerated() { register("layers.\(index)", module: layer) }
        register("norm", module: norm)
    }

    /// The final normalised hidden states [batch, time, hidden] of `ids` laid out as [batch, time],
    /// which follow the positions held in `cache` (and are appended to it).
    public func callAsFunction(_ ids: [Int32], batch: Int, cache: KVCache? = nil) -> Tensor {
        let time = ids.count / batch
        let start = cache?.length ?? 0
        let positions = Array(start..<(start + time))
        var hidden = embedTokens(ids, shape: [batch, time])  // [batch, time, hidden]
        for (index, layer) in layers.enumerated() {
            hidden = layer(hidden, positions: positions, cache: cache?.layers[index])
        }
        return norm(hidden)
    }
}
