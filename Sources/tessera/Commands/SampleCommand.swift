import ArgumentParser
import Foundation
import LM
import Tessera
import Vocab

/// `tessera sample`: continue a prompt of ids with a language model.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Continue a prompt of token ids with a Llama checkpoint (config.json + safetensors).",
        discussion: #"--json prints {"ids":[…generated ids…]}; otherwise the generated ids, space-separated."#
    )

    @Option(help: "The model directory (Hugging Face layout).")
    var model: String
    @Option(help: "The prompt's global ids, separated by spaces or commas.")
    var ids: String?
    @Option(help: "With --vocab: prompt text (tokenized with the vocabulary's text model).") var prompt: String?
    @Option(help: "With --vocab: prompt images (PNG), after the text.") var image: [String] = []
    @Option(help: "With --vocab: prompt audio clips, after the images.") var audio: [String] = []
    @Option(help: "At most this many new ids (default 64; with --generate image, one whole image; audio, 10 s).") var maxNew: Int?
    @Flag(help: "Pick the most likely id at every step (no sampling).") var greedy = false
    @Option(help: "Divide the logits by this before sampling.") var temperature: Float = 1
    @Option(help: "Sample among the K most likely ids only.") var topK: Int?
    @Option(help: "Sample among the most likely ids whose probability reaches P.") var topP: Float?
    @Option(help: "Penalise ids already in the sequence (1: none).") var repetitionPenalty: Float = 1
    @Flag(help: "Do not stop at the config's eos_token_id.") var ignoreEos = false
    @Option(help: "Seed of every random choice.") var seed: UInt64 = 0
    @Option(help: "The vocab spec: its grammar constrains the sample (image and audio segments always decode).") var vocab: String?
    @Option(help: "With --vocab: what to generate: any, text, image or audio.") var generate = SegmentGrammar.Target.any
    @Option(help: "With --vocab: classifier-free guidance scale inside image and audio segments.") var cfg: Float?
    @Option(help: "With --vocab: temperature inside image segments (default: --temperature).") var imageTemperature: Float?
    @Option(help: "With --vocab: top-k inside image segments (default: --top-k).") var imageTopK: Int?
    @Option(help: "With --vocab: top-p inside image segments (default: --top-p).") var imageTopP: Float?
    @Option(help: "With --vocab: temperature inside audio segments (default: --temperature).") var audioTemperature: Float?
    @Option(help: "With --vocab: top-k inside audio segments (default: --top-k).") var audioTopK: Int?
    @Option(help: "With --vocab: top-p inside audio segments (default: --top-p).") var audioTopP: Float?
    @Option(name: [.short, .customLong("output")], help: "With --vocab: a directory for sample.tok and the decoded text, PNG and WAV.")
    var output: String?
    @Flag(help: "Print {\"ids\":[…]} as JSON.") var json = false
    @OptionGroup var threads: ThreadsOption

    /// The `--ids` prompt, or nil when it is absent or holds something other than integers.
    var promptIDs: [Int32]? {
        guard let ids else { return nil }
        let words = ids.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" })
        let parsed = words.compactMap { Int32($0) }
        return parsed.count == words.count && !parsed.isEmpty ? parsed : nil
    }

    var sampling: SamplingSettings {
        SamplingSettings(greedy: greedy, temperature: temperature, topK: topK, topP: topP, repetitionPenalty: repetitionPenalty)
    }

    /// `sampling` with a modality's overrides.
    func sampling(temperature: Float?, topK: Int?, topP: Float?) -> SamplingSettings {
        var settings = sampling
        (settings.temperature, settings.topK, settings.topP) = (temperature ?? settings.temperature, topK ?? settings.topK, topP ?? settings.topP)
        return settings
    }

    var imageSampling: SamplingSettings { sampling(temperature: imageTemperature, topK: imageTopK, topP: imageTopP) }
    var audioSampling: SamplingSettings { sampling(temperature: audioTemperature, topK: audioTopK, topP: audioTopP) }

    func validate() throws {
        let media = prompt != nil || !image.isEmpty || !audio.isEmpty
        if media == (ids != nil) { throw ValidationError("give the prompt as --ids, or as --prompt/--image/--audio with --vocab") }
        if ids != nil && promptIDs == nil { throw ValidationError("--ids must be one or more integers separated by spaces or commas") }
        if let maxNew, maxNew < 0 { throw ValidationError("--max-new must not be negative") }
        if let problem = sampling.problem ?? imageSampling.problem ?? audioSampling.problem { throw ValidationError(problem) }
        if vocab == nil && (cfg != nil || output != nil || generate != .any || media) {
            throw ValidationError("--generate, --cfg, -o, --prompt, --image and --audio need --vocab")
        }
    }

    func run() throws {
        threads.apply()
        var sampler = ModelSampling(model: URL(fileURLWithPath: model))
        (sampler.sampling, sampler.stopAtEOS, sampler.seed) = (sampling, !ignoreEos, seed)
        sampler.vocabulary = try vocab.map { try Vocabulary(contentsOf: URL(fileURLWithPath: $0)) }
        sampler.maxNewTokens = maxNew ?? sampler.vocabulary.flatMap { ModelSampling.segmentBudget(generate, vocabulary: $0, audioSeconds: 10) } ?? 64
        (sampler.target, sampler.guidanceScale, sampler.imageSampling, sampler.audioSampling) = (generate, cfg, imageSampling, audioSampling)
        let tokenizers = try sampler.vocabulary.map { try DatasetTokenizers(vocabulary: $0) }  // loaded and checked once
        let prompt = try promptIDs ?? tokenizers.map {
            try SamplePrompt.ids(text: self.prompt, images: image.map { URL(fileURLWithPath: $0) }, audio: audio.map { URL(fileURLWithPath: $0) },
                                 tokenizers: $0)
        } ?? []
        let generated = try sampler.continuation(of: prompt)
        if let output, let tokenizers {
            try SampleOutput.write(ids: generated.map(Int.init), tokenizers: tokenizers, to: URL(fileURLWithPath: output))
        }
        let list = generated.map(String.init)
        print(json ? "{\"ids\":[\(list.joined(separator: ","))]}" : list.joined(separator: " "))
    }
}

extension SegmentGrammar.Target: ExpressibleByArgument {}
