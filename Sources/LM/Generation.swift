import Foundation
import Tensor

/// When generation stops and how each id is picked.
public struct GenerationSettings: Sendable {
    /// At most this many new ids.
    public var maxNewTokens: Int
    /// Ids that end generation (they are kept in the output, as `transformers` keeps `eos`).
    public var stopIDs: Set<Int32>
    /// How each id is picked.
    public var sampling: SamplingSettings

    public init(maxNewTokens: Int, stopIDs: Set<Int32> = [], sampling: SamplingSettings = SamplingSettings()) {
        (self.maxNewTokens, self.stopIDs, self.sampling) = (maxNewTokens, stopIDs, sampling)
    }
}

extension LlamaForCausalLM {
    /// Continues `prompt` with up to `settings.maxNewTokens` ids, decoding incrementally with a
    /// `KVCache`: the prompt runs once, then each step runs the model on the one new id. Stops
    /// after a stop id or when the sequence fills the context. Returns the new ids only.
    ///
    /// Throws a one-line `LMError` for an empty prompt, ids outside the vocabulary or a prompt
    /// longer than the context.
    public func generate(prompt: [Int32], settings: GenerationSettings, generator: inout RandomGenerator) throws -> [Int32] {
        guard !prompt.isEmpty else { throw LMError("the prompt is empty") }
        try check(ids: prompt, positions: prompt.count)
        let cache = KVCache(layers: config.layers)
        var history = prompt, generated: [Int32] = []
        var next = prompt
        while generated.count < settings.maxNewTokens && history.count < config.maxPositions {
            let logits = withoutGradient { self(next, cache: cache, lastOnly: true) }  // [1, 1, vocabulary]
            let id = settings.sampling.pick(logits.toArray(), history: history, generator: &generator)
            generated.append(id)
            history.append(id)
            if settings.stopIDs.contains(id) { break }
            next = [id]
        }
        return generated
    }
}
