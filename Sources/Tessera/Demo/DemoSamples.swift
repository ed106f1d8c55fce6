import Formats
import Foundation
import LM
import Vocab

/// Stage (f): for each direction (text→image, image→text, text→speech, speech→text) the model
/// continues held-out prompts; each sample lands in `output/samples/DIRECTION/N/` as the prompt,
/// the generated output (`sample.tok` and its PNG/WAV/text) and the held-out reference.
enum DemoSamples {
    /// The directory of sample `index` of `direction`.
    static func directory(_ direction: DemoDirection, _ index: Int, _ settings: DemoSettings) -> URL {
        settings.path("samples/\(direction.rawValue)/\(index)")
    }

    /// The directions the vocabulary can express (speech needs an audio codec).
    static func directions(_ vocabulary: Vocabulary) -> [DemoDirection] {
        DemoDirection.allCases.filter { direction in
            [direction.prompt, direction.output].allSatisfy { $0 != .audio || vocabulary.spec.audio != nil }
        }
    }

    /// Samples the first `settings.sampleCount(direction)` held-out pairs of every direction.
    static func run(heldout: DemoCaptions, _ settings: DemoSettings) throws {
        let vocabulary = try Vocabulary(contentsOf: DemoTokenizers.vocabularyURL(settings))
        let jobs = directions(vocabulary).flatMap { direction in
            heldout.pairs(direction).prefix(settings.sampleCount(direction)).enumerated().map { (direction, $0, $1) }
        }
        let model = try LlamaForCausalLM.load(from: DemoTraining.model("stage-full", settings))
        let tokenizers = try DatasetTokenizers(vocabulary: vocabulary)
        let bar = ProgressBar("sample", total: jobs.count, quiet: settings.quiet)
        for (done, (direction, index, pair)) in jobs.enumerated() {
            let output = directory(direction, index, settings)
            let ids = try sampler(direction, seed: UInt64(index), vocabulary: vocabulary, settings)
                .continuation(of: SamplePrompt.ids(parts: [pair.prompt], tokenizers: tokenizers), with: model)
            try SampleOutput.write(ids: ids.map(Int.init), tokenizers: tokenizers, to: output)
            try pair.prompt.save(as: "prompt", in: output)
            try pair.reference.save(as: "reference", in: output)
            bar.update(done + 1, [direction.rawValue])
        }
        bar.finish()
    }

    /// The name of the generated output file in a sample directory.
    static func generatedName(_ direction: DemoDirection) -> String {
        switch direction.output {
        case .text: "sample.txt"
        case .image: "image-0.png"
        case .audio: "audio-0.wav"
        }
    }

    /// Sampling settings: inside images and audio, temperature 0.5 among the 16 likeliest codes with
    /// classifier-free guidance 5 (picked on an earlier run's held-out prompts; docs/demo.md has the sweep);
    /// greedy text with a repetition penalty; room for one image, four seconds of audio or a caption.
    private static func sampler(_ direction: DemoDirection, seed: UInt64, vocabulary: Vocabulary, _ settings: DemoSettings) -> ModelSampling {
        var sampler = ModelSampling(model: DemoTraining.model("stage-full", settings))
        (sampler.vocabulary, sampler.target, sampler.seed) = (vocabulary, direction.target, seed)
        let media = SamplingSettings(temperature: 0.5, topK: 16)
        (sampler.imageSampling, sampler.audioSampling, sampler.guidanceScale) = (media, media, 5)
        sampler.sampling = SamplingSettings(greedy: true, repetitionPenalty: 1.2)
        sampler.maxNewTokens = ModelSampling.segmentBudget(direction.target, vocabulary: vocabulary, audioSeconds: 4) ?? 40
        return sampler
    }
}
