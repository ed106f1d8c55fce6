import Formats
import Foundation
import LM
import Vocab

/// Stage (e): a small Llama trained from scratch on the captions, extended to the vocab spec, then
/// trained `--stage vocab` and `--stage full` on the interleaved documents.
enum DemoTraining {
    /// The trained models, in training order.
    static let trainedModels = ["base", "stage-vocab", "stage-full"]

    /// The directory of the model named `name` (base, extended, stage-vocab, stage-full).
    static func model(_ name: String, _ settings: DemoSettings) -> URL { settings.path("models/\(name)") }

    /// Trains the text-only base model from a fresh config whose vocabulary is the spec's text pieces.
    static func trainBase(_ settings: DemoSettings) throws {
        let vocabulary = try Vocabulary(contentsOf: DemoTokenizers.vocabularyURL(settings))
        let config = settings.path("models/base-config.json")
        try FileManager.default.createDirectory(at: config.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFileOutput.save(Data(("{\"vocab_size\": \(vocabulary.spec.text.pieces), \(settings.modelShape), "
            + "\"max_position_embeddings\": 512, \"tie_word_embeddings\": true}\n").utf8), to: config)
        try train(.config(config), data: "text-train", heldout: "text-heldout", output: "base",
                  options: settings.training(steps: settings.steps.base, learningRate: 1e-3), vocabulary: nil, settings)
    }

    /// Grows the base model's embedding and head to the spec's size.
    static func extend(_ settings: DemoSettings) throws {
        let vocabulary = try Vocabulary(contentsOf: DemoTokenizers.vocabularyURL(settings))
        _ = try EmbeddingExtension.extend(model: model("base", settings), vocabulary: vocabulary, output: model("extended", settings))
    }

    /// Trains only the new rows (`vocab`) or everything (`full`) on the interleaved documents.
    static func trainStage(_ stage: String, _ settings: DemoSettings) throws {
        let vocabulary = try Vocabulary(contentsOf: DemoTokenizers.vocabularyURL(settings))
        var options = settings.training(steps: stage == "vocab" ? settings.steps.vocab : settings.steps.full, learningRate: stage == "vocab" ? 1e-3 : 5e-4)
        if stage == "vocab" { options.frozenRows = vocabulary.spec.text.pieces }
        try train(.checkpoint(model(stage == "vocab" ? "extended" : "stage-vocab", settings)), data: "train", heldout: "heldout",
                  output: "stage-\(stage)", options: options, vocabulary: vocabulary, settings)
    }

    /// The training history (loss of every step, held-out evaluations) of the model named `name`.
    static func history(_ name: String, _ settings: DemoSettings) throws -> LMTrainingRun.History {
        let url = model(name, settings).appendingPathComponent("training.json")
        return try DemoRecord.decode(Record.self, from: url).history
    }

    /// The part of `training.json` the report reads.
    private struct Record: Decodable { let history: LMTrainingRun.History }

    /// Trains on the shards `data`, evaluating on the shards `heldout` (per modality with a vocabulary).
    private static func train(_ source: LMTrainingRun.Source, data: String, heldout: String, output: String, options: LMTrainingOptions,
                              vocabulary: Vocabulary?, _ settings: DemoSettings) throws {
        var run = LMTrainingRun(source: source, data: DemoShards.prefix(data, settings), output: model(output, settings), options: options)
        run.heldout = DemoShards.prefix(heldout, settings)
        run.classes = vocabulary.map { ModalityClasses.classes(of: $0, weights: [:]) }
        (run.evaluationInterval, run.evaluationWindows, run.quiet) = (Swift.max(options.steps / 4, 1), settings.quick ? 2 : 16, settings.quiet)
        try run.run()
    }
}
