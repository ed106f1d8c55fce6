import Formats
import Foundation
import ImageTokenizer
import Media
import NN
import Tensor

/// A whole image tokenizer training run from the command line: data, k-means, the loop with its
/// progress bar, periodic checkpoints and held-out evaluations, and the output directory
/// (`config.json`, `model.safetensors`, `training.json`, `reconstructions.png`).
public struct ImageTokenizerTrainingRun {
    public var config: JanusVQVAEConfig
    public var options: ImageTokenizerTrainingOptions
    /// Training images: a folder of PNGs or a JSONL manifest with `image` entries.
    public var data: URL
    /// Held-out images (same forms); nil evaluates on the first training images.
    public var heldout: URL?
    /// Side of the square training images.
    public var imageSize: Int
    public var output: URL
    /// Where checkpoints go (default: `output/checkpoint`).
    public var checkpointDirectory: URL?
    public var checkpointInterval = 500
    /// Continue from the checkpoint if one exists.
    public var resume = false
    /// Storage type of the exported weights.
    public var dtype: SafetensorsDType = .float32
    /// Held-out images per evaluation.
    public var evaluationImages = 256
    public var quiet = false

    public init(config: JanusVQVAEConfig, options: ImageTokenizerTrainingOptions, data: URL, imageSize: Int, output: URL) {
        (self.config, self.options, self.data, self.imageSize, self.output) = (config, options, data, imageSize, output)
    }

    /// The training record written beside the weights.
    struct Record: Encodable {
        let options: ImageTokenizerTrainingOptions
        let data: String, heldout: String?, imageSize: Int, trainingImages: Int, parameters: Int
        let steps: Int, hours: Double, threads: Int
        let history: [ImageTokenizerEvaluation]
    }

    /// Runs (or continues) the training and writes the tokenizer directory; returns the final evaluation.
    @discardableResult
    public func run() throws -> ImageTokenizerEvaluation {
        let checkpoints = checkpointDirectory ?? output.appendingPathComponent("checkpoint")
        let trainingSet = try load(data, label: "images")
        let heldoutSet = try heldout.map { try load($0, label: "held-out") } ?? trainingSet
        let trainer = ImageTokenizerTrainer(config: config, options: options, data: trainingSet)
        if resume && ImageTokenizerTrainer.hasCheckpoint(in: checkpoints) {
            try trainer.resume(from: checkpoints)
        } else {
            trainer.initializeCodebook()
        }
        let bar = ProgressBar("train", total: options.steps, quiet: quiet)
        var latest = trainer.history.last
        while trainer.step < options.steps {
            let report = trainer.trainStep()
            if trainer.step % options.evaluationInterval == 0 || trainer.step == options.steps {
                latest = trainer.evaluate(heldoutSet, limit: evaluationImages).0
            }
            if trainer.step % checkpointInterval == 0 || trainer.step == options.steps {
                try trainer.saveCheckpoint(to: checkpoints)
            }
            var fields = [String(format: "loss %.4f", report.loss), String(format: "l1 %.4f", report.l1),
                          String(format: "codes used %.0f%%", 100 * report.windowUsage)]
            if let latest { fields.append(String(format: "held-out %.2f dB, usage %.0f%%", latest.psnr, 100 * latest.codebookUsage)) }
            if let critic = report.discriminator { fields.append(String(format: "D %.3f", critic)) }
            bar.update(trainer.step, fields)
        }
        bar.finish()
        let (evaluation, reconstructions) = trainer.evaluate(heldoutSet, limit: evaluationImages)
        try write(trainer, reconstructions: reconstructions, originals: Array(heldoutSet.images.prefix(reconstructions.count)))
        return evaluation
    }

    private func load(_ source: URL, label: String) throws -> ImageTrainingSet {
        let files = try ImageTrainingSet.files(in: source)
        let bar = ProgressBar(label, total: files.count, quiet: quiet, logInterval: 10)
        defer { bar.finish() }
        return try ImageTrainingSet(files: files, size: imageSize) { bar.update($0) }
    }

    private func write(_ trainer: ImageTokenizerTrainer, reconstructions: [RGBImage], originals: [RGBImage]) throws {
        try trainer.model.save(to: output, dtype: dtype)
        let record = Record(options: options, data: data.path, heldout: heldout?.path, imageSize: imageSize,
                            trainingImages: trainer.data.images.count, parameters: trainer.model.parameterCount,
                            steps: trainer.step, hours: trainer.seconds / 3600, threads: ThreadPool.threadCount,
                            history: trainer.history)
        try JSONFile.write(record, to: output.appendingPathComponent("training.json"))
        // Eight originals above their reconstructions, four such pairs of rows.
        let shown = Swift.min(32, originals.count)
        let rows = stride(from: 0, to: shown, by: 8).flatMap { start in
            Array(originals[start..<Swift.min(start + 8, shown)]) + Array(reconstructions[start..<Swift.min(start + 8, shown)])
        }
        try RGBImage.tiled(rows, columns: 8).writePNG(to: output.appendingPathComponent("reconstructions.png"))
    }
}
