import Formats
import Foundation
import LM
import Tensor
import Vocab

/// Sampling continuations from a language-model directory, with errors that name it.
public struct ModelSampling {
    /// The model directory (Hugging Face layout).
    public var model: URL
    /// At most this many new ids.
    public var maxNewTokens = 64
    /// How ids are picked.
    public var sampling = SamplingSettings()
    /// Stop after one of the config's `eos_token_id`s.
    public var stopAtEOS = true
    /// Seed of every random choice.
    public var seed: UInt64 = 0
    /// The extended vocabulary: its grammar constrains the ids (image and audio segments always decode).
    public var vocabulary: Vocabulary?
    /// What to generate (with a vocabulary).
    public var target = SegmentGrammar.Target.any
    /// Classifier-free guidance scale inside image and audio segments (with a vocabulary); nil for none.
    public var guidanceScale: Float?
    /// Sampling inside image and inside audio segments (with a vocabulary); nil: `sampling`.
    public var imageSampling: SamplingSettings?, audioSampling: SamplingSettings?

    /// Sampling from the checkpoint in `model`.
    public init(model: URL) { self.model = model }

    /// New ids enough for one whole segment of `target` with its brackets and `<eos>` (an image,
    /// or `audioSeconds` of audio); nil for `.text` and `.any`, whose length has no natural bound.
    public static func segmentBudget(_ target: SegmentGrammar.Target, vocabulary: Vocabulary, audioSeconds: Int) -> Int? {
        switch target {
        case .image: SegmentGrammar(vocabulary: vocabulary, promptLength: 0).shortestSegment(.image).map { $0 + 1 }
        case .audio: vocabulary.spec.audio.map { audioSeconds * $0.frameRate * $0.levelIDs.count + 3 }
        case .text, .any: nil
        }
    }

    /// Loads the checkpoint and continues `prompt` (global ids) by up to `maxNewTokens` ids,
    /// stopping after an eos id or when the context is full. Returns the new ids.
    ///
    /// Bad input (shapes that disagree with config.json, ids outside the vocabulary, a prompt
    /// longer than the context) throws a one-line `FormatError` naming the model directory.
    public func continuation(of prompt: [Int32]) throws -> [Int32] {
        try continuation(of: prompt, with: LlamaForCausalLM.load(from: self.model))
    }

    /// Continues `prompt` with `model`, already loaded from `self.model` (a caller sampling many
    /// prompts loads the checkpoint once).
    public func continuation(of prompt: [Int32], with model: LlamaForCausalLM) throws -> [Int32] {
        if let vocabulary, vocabulary.size != model.config.vocabularySize {
            throw FormatError(self.model.appendingPathComponent("config.json"),
                              "vocab_size is \(model.config.vocabularySize), but \(vocabulary.url.path) has \(vocabulary.size) ids")
        }
        if let vocabulary, (target == .image && vocabulary.spec.image == nil) || (target == .audio && vocabulary.spec.audio == nil) {
            throw FormatError(vocabulary.url, "has no \(target.rawValue) codebook to generate from")
        }
        var stopIDs = stopAtEOS ? Set(model.config.eosTokenIDs.map { Int32(truncatingIfNeeded: $0) }) : []
        if stopAtEOS, let vocabulary, let end = vocabulary.id(for: .special(.endOfSequence)) { stopIDs.insert(Int32(end)) }
        let budget = Swift.min(maxNewTokens, Swift.max(model.config.maxPositions - prompt.count, 0))  // the context ends generation too
        let grammar = vocabulary.map { SegmentGrammar(vocabulary: $0, target: target, promptLength: prompt.count, budget: budget) }
        if let grammar, let modality = TokenModality(rawValue: target.rawValue), let needed = grammar.shortestSegment(modality), needed + 1 > budget {
            throw FormatError(self.model, "room for \(budget) new ids (--max-new and the context), but one \(target.rawValue) segment needs \(needed + 1)")
        }
        var generator = RandomGenerator(seed: seed)
        var settings = GenerationSettings(maxNewTokens: budget, stopIDs: stopIDs, sampling: sampling)
        if let grammar {
            settings.samplingOverride = { [imageSampling, audioSampling] history in
                switch grammar.state(after: history) {
                case .text: return nil
                case .image: return imageSampling
                case .audio: return audioSampling
                }
            }
        }
        do {
            return try model.generate(prompt: prompt, settings: settings,
                                      constraint: grammar, guidance: guidance(prompt, grammar: grammar), generator: &generator)
        } catch let error as LMError {
            throw FormatError(self.model, "prompt: \(error.description)")
        }
    }

    /// Guidance whose unconditional prompt is the prompt with every text piece replaced by `<pad>`
    /// (same length, so both run as one batch), active inside image and audio segments.
    private func guidance(_ prompt: [Int32], grammar: SegmentGrammar?) -> Guidance? {
        guard let guidanceScale, let grammar, let pad = grammar.vocabulary.id(for: .special(.padding)) else { return nil }
        let bos = grammar.vocabulary.id(for: .special(.beginningOfSequence))
        let unconditional = prompt.map { id -> Int32 in
            guard case .text = grammar.vocabulary.token(for: Int(id)), Int(id) != bos else { return id }
            return Int32(pad)
        }
        return Guidance(unconditionalPrompt: unconditional, scale: guidanceScale, isActive: grammar.isInsideSegment)
    }
}
