import Foundation
import Tensor

/// When generation stops and how each id is picked.
public struct GenerationSettings {
    /// At most this many new ids.
    public var maxNewTokens: Int
    /// Ids that end generation (they are kept in the output, as `transformers` keeps `eos`).
    public var stopIDs: Set<Int32>
    /// How each id is picked.
    public var sampling: SamplingSettings
    /// Settings for the next pick given the history (e.g. per modality), replacing `sampling`
    /// where it returns some.
    public var samplingOverride: (([Int32]) -> SamplingSettings?)?

    /// Settings for up to `maxNewTokens` ids, stopping after any of `stopIDs`.
    public init(maxNewTokens: Int, stopIDs: Set<Int32> = [], sampling: SamplingSettings = SamplingSettings()) {
        (self.maxNewTokens, self.stopIDs, self.sampling) = (maxNewTokens, stopIDs, sampling)
    }
}

extension LlamaForCausalLM {
    /// Continues `prompt` with up to `settings.maxNewTokens` ids, decoding incrementally with a
    /// `KVCache`: the prompt runs once, then each step runs the model on the one new id. Stops
    /// after a stop id or when the sequence fills the context. Returns the new ids only.
    ///
    /// A `constraint` masks the logits before every pick; with `guidance` the unconditional
    /// prompt decodes beside the prompt as a batch of two and, where active, the pick uses the
    /// guided logits.
    ///
    /// Throws a one-line `LMError` for an empty prompt, ids outside the vocabulary or a prompt
    /// longer than the context.
    public func generate(prompt: [Int32], settings: GenerationSettings, constraint: GenerationConstraint? = nil,
                         guidance: Guidance? = nil, generator: inout RandomGenerator) throws -> [Int32] {
        guard !prompt.isEmpty else { throw LMError("the prompt is empty") }
        try check(ids: prompt, positions: prompt.count)
        if let guidance {
            guard guidance.unconditionalPrompt.count == prompt.count else {
                throw LMError("the unconditional prompt has \(guidance.unconditionalPrompt.count) ids, the prompt \(prompt.count)")
            }
            try check(ids: guidance.unconditionalPrompt, positions: prompt.count)
        }
        let cache = KVCache(layers: config.layers)
        var history = prompt, generated: [Int32] = []
        var next = guidance.map { prompt + $0.unconditionalPrompt } ?? prompt  // [branches, time], row-major
        let vocabulary = config.vocabularySize
        while generated.count < settings.maxNewTokens && history.count < config.maxPositions {
            let branches = guidance == nil ? 1 : 2
            let rows = withoutGradient { self(next, batch: branches, cache: cache, lastOnly: true) }.toArray()  // [branches, 1, vocabulary]
            var logits = Array(rows[0..<vocabulary])
            if let guidance, guidance.isActive(history) {
                logits = guidance.combine(conditional: rows[0..<vocabulary], unconditional: rows[vocabulary...])
            }
            constraint?.mask(&logits, history: history)
            guard logits.contains(where: { $0 > -Float.infinity }) else { throw LMError("no id may follow the \(history.count) ids so far") }
            let sampling = settings.samplingOverride?(history) ?? settings.sampling
            let id = sampling.pick(logits, history: history, generator: &generator)
            generated.append(id)
            history.append(id)
            if settings.stopIDs.contains(id) { break }
            next = Array(repeating: id, count: branches)
        }
        return generated
    }
}
