import Formats
import Foundation
import LM
import Vocab

/// Stage (f): text→image samples for held-out captions, each in `output/samples/N/` beside a copy
/// of its reference image and its prompt.
enum DemoSamples {
    /// The directory of sample `index`.
    static func directory(_ index: Int, _ settings: DemoSettings) -> URL { settings.path("samples/\(index)") }

    /// Samples an image for each of the first `settings.sampleCount` captioned held-out images.
    static func run(prompts: [(caption: String, image: URL)], _ settings: DemoSettings) throws {
        let vocabulary = try Vocabulary(contentsOf: DemoTokenizers.vocabularyURL(settings))
        guard let image = vocabulary.spec.image else { throw FormatError(DemoTokenizers.vocabularyURL(settings), "has no image tokenizer") }
        var sampler = ModelSampling(model: DemoTraining.model("stage-full", settings))
        (sampler.vocabulary, sampler.target, sampler.maxNewTokens) = (vocabulary, .image, image.grid[0] * (image.grid[1] + 1) + 4)
        sampler.imageSampling = SamplingSettings(topK: 64)
        let chosen = Array(prompts.prefix(settings.sampleCount))
        let bar = ProgressBar("sample", total: chosen.count, quiet: settings.quiet)
        for (index, prompt) in chosen.enumerated() {
            sampler.seed = UInt64(index)
            let ids = try sampler.continuation(of: SamplePrompt.ids(text: prompt.caption, images: [], audio: [], vocabulary: vocabulary))
            let output = directory(index, settings)
            try SampleOutput.write(ids: ids.map(Int.init), vocabulary: vocabulary, to: output)
            try AtomicFileOutput.save(Data(contentsOf: prompt.image), to: output.appendingPathComponent("reference.png"))
            try AtomicFileOutput.save(Data(prompt.caption.utf8), to: output.appendingPathComponent("prompt.txt"))
            bar.update(index + 1)
        }
        bar.finish()
    }
}
