import ArgumentParser
import Formats
import Foundation
import LM
import Tessera
import Vocab

/// `tessera train`: train a Llama checkpoint (its new vocabulary rows, or all of it) on Megatron shards.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a language model on Megatron shards (PREFIX.bin + PREFIX.idx).",
        discussion: "--stage vocab trains only the embedding and head rows of the ids the base model lacks (every other "
            + "weight and the old rows stay bit-identical); --stage full trains everything. Writes OUT_DIR/config.json + "
            + "model.safetensors (loadable by transformers), training.json (loss curve, evaluations per modality) and "
            + "checkpoint.safetensors (continue with --resume)."
    )

    enum Stage: String, ExpressibleByArgument, CaseIterable { case vocab, full }

    @Option(help: "The model directory (Hugging Face layout).") var model: String?
    @Option(name: .customLong("init"), help: "Start from a fresh model of this config.json instead of --model.") var initConfig: String?
    @Option(help: "The training shards' prefix.") var data: String
    @Option(help: "Held-out shards' prefix for the evaluations (default: the first training windows).") var heldout: String?
    @Option(name: [.short, .customLong("output")], help: "The output directory.") var output: String
    @Option(help: "vocab: train only the new rows; full: everything.") var stage = Stage.full
    @Option(help: "The vocab spec: modality classes for the loss, and the base rows of --stage vocab.") var vocab: String?
    @Option(help: "Rows kept frozen by --stage vocab (default: the vocab spec's text pieces).") var baseRows: Int?
    @Option(help: "Loss weight per modality, e.g. text=1,image=0.5,audio=1,special=1 (0 masks a modality).") var lossWeights = ""

    @Option(help: "Optimizer steps.") var steps = 1000
    @Option(help: "Windows per micro-batch.") var batchSize = 8
    @Option(help: "Micro-batches per step (gradient accumulation).") var accumulation = 1
    @Option(help: "Ids per window.") var sequenceLength = 256
    @Option(help: "Peak learning rate.") var learningRate: Float = 3e-4
    @Option(help: "Final learning rate of the cosine decay.") var minimumLearningRate: Float = 3e-5
    @Option(help: "Warm-up steps.") var warmupSteps = 100
    @Option(help: "AdamW weight decay.") var weightDecay: Float = 0.01
    @Option(help: "Gradient clipping norm.") var clipNorm: Float = 1
    @Option(help: "Evaluate every N steps.") var evaluationInterval = 100
    @Option(help: "Windows per evaluation.") var evaluationWindows = 16
    @OptionGroup var common: TrainingRunOptions
    @Option(help: "Checkpoint every N steps.") var checkpointInterval = 100
    @Option(help: "Seed of the data order and of --init's weights.") var seed: UInt64 = 0

    /// `--loss-weights` as a dictionary, or nil when malformed.
    var weights: [String: Float]? {
        var result: [String: Float] = [:]
        for item in lossWeights.split(separator: ",") {
            let parts = item.split(separator: "=")
            guard parts.count == 2, ModalityClasses.names.contains(String(parts[0])), let weight = Float(parts[1]), weight >= 0 else { return nil }
            result[String(parts[0])] = weight
        }
        return result
    }

    var options: LMTrainingOptions {
        var options = LMTrainingOptions()
        (options.steps, options.batchSize, options.accumulation, options.sequenceLength) = (steps, batchSize, accumulation, sequenceLength)
        (options.learningRate, options.minimumLearningRate, options.warmupSteps) = (learningRate, minimumLearningRate, warmupSteps)
        (options.weightDecay, options.clipNorm, options.seed) = (weightDecay, clipNorm, seed)
        return options
    }

    func validate() throws {
        if (model == nil) == (initConfig == nil) { throw ValidationError("give exactly one of --model and --init") }
        if let problem = options.problem { throw ValidationError(problem) }
        if weights == nil { throw ValidationError("--loss-weights must look like text=1,image=0.5 (modalities: \(ModalityClasses.names.joined(separator: ", ")))") }
        if stage == .vocab && vocab == nil && baseRows == nil { throw ValidationError("--stage vocab needs --vocab or --base-rows") }
        if !(lossWeights.isEmpty || vocab != nil) { throw ValidationError("--loss-weights needs --vocab (it defines the modalities)") }
        guard evaluationInterval > 0, evaluationWindows > 0, checkpointInterval > 0 else { throw ValidationError("intervals and counts must be positive") }
    }

    func run() throws {
        common.threads.apply()
        let vocabulary = try vocab.map { try Vocabulary(contentsOf: URL(fileURLWithPath: $0)) }
        var options = self.options
        if stage == .vocab { options.frozenRows = baseRows ?? vocabulary?.spec.text.pieces }
        let source: LMTrainingRun.Source = model.map { .checkpoint(URL(fileURLWithPath: $0)) } ?? .config(URL(fileURLWithPath: initConfig ?? ""))
        var run = LMTrainingRun(source: source, data: URL(fileURLWithPath: data), output: URL(fileURLWithPath: output), options: options)
        run.heldout = heldout.map { URL(fileURLWithPath: $0) }
        run.classes = vocabulary.map { ModalityClasses.classes(of: $0, weights: weights ?? [:]) }
        (run.evaluationInterval, run.evaluationWindows, run.checkpointInterval) = (evaluationInterval, evaluationWindows, checkpointInterval)
        (run.resume, run.dtype, run.quiet) = (common.resume, common.storage.storageType, common.quiet)
        let history = try run.run()
        let losses = history.evaluations.last?.losses.sorted { $0.key < $1.key }.map { String(format: "%@ %.4f", $0.key, $0.value) } ?? []
        StatusLine(quiet: common.quiet).result("wrote \(output) (held-out loss: \(losses.joined(separator: ", ")))")
    }
}
