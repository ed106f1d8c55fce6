import AudioTokenizer
import Formats
import Foundation
import NN
import Tensor

/// A codec training run on disk: trains from a manifest or directory of audio, checkpoints to
/// `DIR/checkpoint.safetensors` every `checkpointEvery` steps (resumable exactly), logs each step to
/// `DIR/training-log.jsonl`, and finally writes the HF model directory plus `DIR/training.json`.
public struct AudioCodecTraining {
    /// The architecture and the recipe.
    public var config: EncodecConfiguration, settings: CodecTrainingSettings
    /// The training audio (manifest or directory) and the output directory.
    public var data: URL, output: URL
    /// Steps between checkpoints; continue from the directory's checkpoint when `resume`.
    public var checkpointEvery: Int, resume: Bool
    /// The dtype of the exported `model.safetensors`.
    public var exportType: SafetensorsDType
    /// Stop after this step with a checkpoint and no export (nil: run to the end).
    public var stopAfter: Int?

    /// A run of `settings` for `config` on `data`, written to `output`.
    public init(config: EncodecConfiguration, settings: CodecTrainingSettings, data: URL, output: URL,
                checkpointEvery: Int = 200, resume: Bool = false, exportType: SafetensorsDType = .float16, stopAfter: Int? = nil) {
        (self.config, self.settings, self.data, self.output) = (config, settings, data, output)
        (self.checkpointEvery, self.resume, self.exportType, self.stopAfter) = (checkpointEvery, resume, exportType, stopAfter)
    }

    /// The checkpoint file inside the output directory.
    public var checkpointURL: URL { output.appendingPathComponent("checkpoint.safetensors") }

    /// Runs the remaining steps (up to `stopAfter`), calling `progress` after each, and returns every
    /// step's report of this invocation; exports the model once the last step is done. Throws `FormatError` for unreadable data or a checkpoint of another recipe.
    @discardableResult
    public func run(progress: (CodecStepReport) -> Void = { _ in }) throws -> [CodecStepReport] {
        let source = try AudioSegmentSource(data: data, sampleRate: config.samplingRate)
        guard settings.segmentSamples % config.hopLength == 0 else {
            throw FormatError(output, "segment of \(settings.segmentSamples) samples is not a multiple of the hop \(config.hopLength)")
        }
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let model = EncodecModel(config: config)
        model.initializeForTraining(seed: settings.seed)
        let trainer = CodecTrainer(model: model, settings: settings)
        let recipe = try JSONFile.text(settings)
        let architecture = String(decoding: config.jsonData(), as: UTF8.self)
        var first = 0
        if resume && FileManager.default.fileExists(atPath: checkpointURL.path) {
            let state = try TrainingCheckpoint.load(from: checkpointURL, model: trainer.state, optimizer: trainer.optimizer)
            guard state.metadata["recipe"] == recipe, state.metadata["config"] == architecture else {
                throw FormatError(checkpointURL, "was made with other settings or another architecture; resume with the same options")
            }
            first = state.step
        } else {
            let batches = try (1...Swift.max(settings.kMeansBatches, 1)).map { index in
                try source.batch(step: -index, seed: settings.seed, size: settings.batchSize, samples: settings.segmentSamples)
            }
            trainer.startCodebooks(from: Tensor.concat(batches, axis: 0))
        }
        let log = try TrainingLog(url: output.appendingPathComponent("training-log.jsonl"), keepingStepsBelow: first)
        var reports: [CodecStepReport] = []
        let started = Date()
        let last = Swift.min(settings.steps, stopAfter ?? settings.steps)
        for step in first..<last {
            let batch = try source.batch(step: step, seed: settings.seed, size: settings.batchSize, samples: settings.segmentSamples)
            let report = trainer.step(batch, step: step)
            try log.append(report)
            reports.append(report)
            progress(report)
            if (step + 1) % Swift.max(checkpointEvery, 1) == 0 || step + 1 == last {
                try TrainingCheckpoint.save(to: checkpointURL, model: trainer.state, optimizer: trainer.optimizer,
                                            state: .init(step: step + 1, generator: RandomGenerator(seed: settings.seed),
                                                         metadata: ["recipe": recipe, "config": architecture]))
            }
        }
        guard last == settings.steps else { return reports }
        try trainer.export(to: output, dtype: exportType)
        try writeSummary(log: try log.reports(), seconds: Date().timeIntervalSince(started))
        return reports
    }

    /// `training.json`: the recipe, the data, this invocation's seconds, and the mean losses of the
    /// first and last 50 logged steps.
    private func writeSummary(log: [CodecStepReport], seconds: Double) throws {
        func mean(_ reports: ArraySlice<CodecStepReport>, _ value: (CodecStepReport) -> Float) -> Double {
            reports.isEmpty ? 0 : reports.map { Double(value($0)) }.reduce(0, +) / Double(reports.count)
        }
        func losses(_ reports: ArraySlice<CodecStepReport>) -> JSONValue {
            .object(["total": .number(mean(reports, \.total)), "time_l1": .number(mean(reports, \.time)),
                     "mel": .number(mean(reports, \.mel)), "commitment": .number(mean(reports, \.commitment))])
        }
        let summary: JSONValue = .object([
            "settings": try JSONValue.parse(try JSONFile.data(settings)),
            "data": .string(data.path), "steps_logged": .integer(Int64(log.count)),
            "seconds_last_invocation": .number(seconds.rounded()),
            "first_50_steps": losses(log.prefix(50)), "last_50_steps": losses(log.suffix(50)),
            "final_usage": .array((log.last?.usage ?? []).map { .number(Double($0)) }),
        ])
        try JSONFile.write(summary, to: output.appendingPathComponent("training.json"))
    }
}
