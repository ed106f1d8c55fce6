import Formats
import Foundation
import LM
import Tensor

/// A whole language-model training run from the command line: the model (a checkpoint or a
/// fresh one from a config), the Megatron shards, the loop with its progress bar, periodic
/// evaluations and checkpoints (exact resume), and the output directory (`config.json`,
/// `model.safetensors`, `checkpoint.safetensors`, `training.json`).
public struct LMTrainingRun {
    /// Where the model comes from.
    public enum Source {
        /// A Hugging Face model directory.
        case checkpoint(URL)
        /// A fresh model of the geometry in this `config.json`, drawn from the options' seed.
        case config(URL)
    }

    /// The model to train.
    public var source: Source
    /// The training shards' prefix (`PREFIX.bin` + `PREFIX.idx`).
    public var data: URL
    /// Held-out shards; nil evaluates on the first training windows.
    public var heldout: URL?
    /// The output directory.
    public var output: URL
    /// The trainer's settings.
    public var options: LMTrainingOptions
    /// Loss classes (modalities) and their weights; nil: every id is one class.
    public var classes: TokenClasses?
    /// Evaluate every this many steps.
    public var evaluationInterval = 100
    /// Windows per evaluation.
    public var evaluationWindows = 16
    /// Checkpoint every this many steps.
    public var checkpointInterval = 100
    /// Continue from `output/checkpoint.safetensors` if it exists.
    public var resume = false
    /// Storage type of the written weights.
    public var dtype: SafetensorsDType = .float32
    /// No progress bar.
    public var quiet = false

    /// A run of `source` on the shards at `data` into `output`.
    public init(source: Source, data: URL, output: URL, options: LMTrainingOptions) {
        (self.source, self.data, self.output, self.options) = (source, data, output, options)
    }

    /// The checkpoint's place.
    public var checkpointURL: URL { output.appendingPathComponent("checkpoint.safetensors") }

    /// One evaluation: the step and the mean loss per class and over all ("all").
    public struct Evaluation: Codable, Equatable {
        /// The step evaluated after.
        public var step: Int
        /// Mean loss per class and "all".
        public var losses: [String: Float]
    }

    /// The loss of every step so far and the evaluations (kept in the checkpoint, so a resumed
    /// run's record holds the whole curve).
    public struct History: Codable, Equatable {
        /// The mean loss of every step.
        public var losses: [Float] = []
        /// The evaluations, in step order.
        public var evaluations: [Evaluation] = []
    }

    /// The record written to `training.json`.
    struct Record: Encodable {
        let options: LMTrainingOptions
        let data: String, heldout: String?, parameters: Int, trainedParameters: Int, windows: Int, threads: Int
        let tokensPerSecond: Double
        let history: History
    }

    /// Runs (or continues) the training and writes the output directory; returns the history.
    @discardableResult
    public func run() throws -> History {
        let model = try loadModel()
        if let classes, classes.count != model.config.vocabularySize {
            throw FormatError(configURL, "vocab_size is \(model.config.vocabularySize), but the vocab spec has \(classes.count) ids")
        }
        if options.sequenceLength > model.config.maxPositions {
            throw FormatError(configURL, "max_position_embeddings is \(model.config.maxPositions), shorter than the sequence length \(options.sequenceLength)")
        }
        let trainingData = try packedSequences(data, model: model)
        let heldoutData = try heldout.map { try packedSequences($0, model: model) } ?? trainingData
        let trainer = LMTrainer(model: model, data: trainingData, classes: classes ?? .single(vocabularySize: model.config.vocabularySize),
                                options: options)
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        var history = History()
        if resume && FileManager.default.fileExists(atPath: checkpointURL.path) {
            let metadata = try trainer.restoreCheckpoint(from: checkpointURL)
            history = try metadata["tessera.history"].map { try JSONDecoder().decode(History.self, from: Data($0.utf8)) } ?? History()
        }
        let bar = ProgressBar("train", total: options.steps, quiet: quiet)
        let (started, firstStep) = (Date(), trainer.step)
        var tokensPerSecond = 0.0
        while trainer.step < options.steps {
            history.losses.append(trainer.trainStep())
            let step = trainer.step
            if step % evaluationInterval == 0 || step == options.steps {
                history.evaluations.append(Evaluation(step: step, losses: trainer.evaluate(heldoutData, windows: evaluationWindows)))
            }
            if step % checkpointInterval == 0 || step == options.steps { try saveCheckpoint(trainer, history) }
            tokensPerSecond = Double((step - firstStep) * trainer.tokensPerStep) / Swift.max(Date().timeIntervalSince(started), 1e-9)
            bar.update(step, [String(format: "loss %.4f", history.losses.last!), String(format: "%.0f tok/s", tokensPerSecond)])
        }
        bar.finish()
        try model.save(to: output, dtype: dtype)
        let record = Record(options: options, data: data.path, heldout: heldout?.path, parameters: model.parameterCount,
                            trainedParameters: trainer.optimizer.parameters.reduce(0) { $0 + $1.tensor.count },
                            windows: trainingData.windowCount, threads: ThreadPool.threadCount, tokensPerSecond: tokensPerSecond,
                            history: history)
        try JSONFile.write(record, to: output.appendingPathComponent("training.json"))
        return history
    }

    private func saveCheckpoint(_ trainer: LMTrainer, _ history: History) throws {
        let text = String(decoding: try JSONEncoder().encode(history), as: UTF8.self)
        try trainer.saveCheckpoint(to: checkpointURL, metadata: ["tessera.history": text])
    }

    /// The config the model's geometry comes from.
    private var configURL: URL {
        switch source {
        case .checkpoint(let directory): return directory.appendingPathComponent("config.json")
        case .config(let url): return url
        }
    }

    private func loadModel() throws -> LlamaForCausalLM {
        switch source {
        case .checkpoint(let directory): return try LlamaForCausalLM.load(from: directory)
        case .config(let url): return LlamaForCausalLM(config: try LlamaConfig(contentsOf: url), seed: options.seed)
        }
    }

    /// The loss mask written beside the shards at `prefix` (`tokenize dataset --loss-mask`), or nil
    /// when there is none; it must give one value per id of every document.
    private func lossMasks(_ prefix: URL, documents: [[Int]]) throws -> [[Int]]? {
        let maskPrefix = DatasetTokenization.lossMaskPrefix(prefix)
        guard FileManager.default.fileExists(atPath: IndexedDataset.indexURL(prefix: maskPrefix).path) else { return nil }
        let dataset = try IndexedDataset(prefix: maskPrefix)
        let masks = (0..<dataset.documentCount).map { dataset.document($0) }
        guard masks.map(\.count) == documents.map(\.count) else {
            throw FormatError(dataset.dataURL, "does not give one loss-mask value per id of \(prefix.lastPathComponent)'s documents")
        }
        return masks
    }

    /// The documents of the shards at `prefix` (with their loss mask, if any), packed; refuses ids outside the model's vocabulary
    /// and data too short for one window.
    private func packedSequences(_ prefix: URL, model: LlamaForCausalLM) throws -> PackedSequences {
        let dataset = try IndexedDataset(prefix: prefix)
        let documents = (0..<dataset.documentCount).map { dataset.document($0) }
        let packed = PackedSequences(documents: documents, lossMasks: try lossMasks(prefix, documents: documents),
                                     sequenceLength: options.sequenceLength)
        if let largest = packed.largestID, Int(largest) >= model.config.vocabularySize {
            throw FormatError(dataset.dataURL, "holds id \(largest), outside the model's vocabulary of \(model.config.vocabularySize) ids")
        }
        guard packed.windowCount > 0 else {
            throw FormatError(dataset.dataURL, "holds fewer than the \(options.sequenceLength + 1) ids of one training window")
        }
        return packed
    }
}
