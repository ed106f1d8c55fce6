import ArgumentParser
import AudioTokenizer
import Foundation
import Tessera

/// `tessera train-tokenizer audio`: train an EnCodec-architecture RVQ codec on audio.
struct TrainAudioTokenizerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audio",
        abstract: "Train an RVQ audio codec (EnCodec architecture) and write a Hugging Face EncodecModel directory.",
        discussion: "Writes DIR/config.json, DIR/model.safetensors, DIR/training.json, DIR/training-log.jsonl and "
            + "DIR/checkpoint.safetensors (every --checkpoint-every steps; --resume continues from it exactly). "
            + "The data order and every random choice follow --seed and the step."
    )

    @Option(help: "A JSON-lines manifest with \"audio\" paths, or a directory of audio files.")
    var data: String

    @Option(name: [.short, .customLong("output")], help: "The tokenizer directory to write.")
    var output: String

    @Option(help: "Training steps.") var steps = 2000
    @Option(help: "Segments per batch.") var batchSize = 8
    @Option(help: "Seconds per segment (rounded to whole frames).") var segmentSeconds = 1.0
    @Option(help: "Sample rate of the codec.") var sampleRate = 16000
    @Option(help: "Comma-separated stride ratios, decoder order (default 8,5,4,2 at 16 kHz, 8,5,4,3 at 24 kHz: 50 frames/s).")
    var ratios: String?
    @Option(help: "Base channel count of the SEANet (doubled at each stride).") var filters = 16
    @Option(help: "Dimension of the latent and the codes.") var hiddenSize = 64
    @Option(help: "LSTM layers in the encoder and in the decoder.") var lstmLayers = 1
    @Option(help: "Comma-separated bandwidths in kbps; the largest sets the RVQ depth.") var bandwidths = "0.5,1,1.5,2"
    @Option(help: "Codes per codebook (a power of two).") var codebookSize = 1024
    @Option(help: "Peak learning rate.") var lr: Float = 1e-3
    @Option(help: "Warm-up steps.") var warmup = 100
    @Option(help: "Random seed.") var seed: UInt64 = 0
    @Option(help: "Steps between checkpoints.") var checkpointEvery = 200
    @Option(help: "Step at which the STFT discriminator starts (default: no discriminator).") var discriminatorStart: Int?
    @Flag(help: "Continue from DIR/checkpoint.safetensors.") var resume = false
    @Option(help: "Stop after this step, leaving a checkpoint to --resume from (no export).") var stopAfter: Int?
    @Flag(help: "Export model.safetensors in float32 (default float16).") var float32 = false
    @OptionGroup var threads: ThreadsOption
    @Flag(help: "Print nothing but errors.") var quiet = false

    func validate() throws {
        guard steps > 0, batchSize > 0, segmentSeconds > 0, sampleRate > 0, lr > 0, checkpointEvery > 0 else {
            throw ValidationError("--steps, --batch-size, --segment-seconds, --sample-rate, --lr and --checkpoint-every must be positive.")
        }
        guard try strideRatios().allSatisfy({ $0 > 0 }), try !bandwidthList().isEmpty else {
            throw ValidationError("--ratios must be positive integers and --bandwidths must not be empty.")
        }
    }

    func strideRatios() throws -> [Int] {
        if let ratios { return try numbers(ratios, "--ratios") }
        switch sampleRate {
        case 16000: return [8, 5, 4, 2]
        case 24000: return [8, 5, 4, 3]
        default: throw ValidationError("Give --ratios for a sample rate of \(sampleRate) (defaults exist for 16000 and 24000).")
        }
    }

    func bandwidthList() throws -> [Float] { try numbers(bandwidths, "--bandwidths") }

    private func numbers<Number: LosslessStringConvertible>(_ text: String, _ name: String) throws -> [Number] {
        try text.split(separator: ",").map { part in
            guard let value = Number(String(part).trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("\(name): \(part) is not a number.")
            }
            return value
        }
    }

    func run() throws {
        threads.apply()
        let config = try EncodecConfiguration.small(sampleRate: sampleRate, ratios: try strideRatios(), filters: filters,
                                                    hiddenSize: hiddenSize, lstmLayers: lstmLayers,
                                                    codebookSize: codebookSize, bandwidths: try bandwidthList())
        var settings = CodecTrainingSettings()
        (settings.steps, settings.batchSize, settings.learningRate, settings.seed) = (steps, batchSize, lr, seed)
        settings.warmupSteps = Swift.min(warmup, steps)
        settings.segmentSamples = Swift.max(1, Int((segmentSeconds * Double(sampleRate) / Double(config.hopLength)).rounded())) * config.hopLength
        settings.discriminatorStart = discriminatorStart
        let training = AudioCodecTraining(config: config, settings: settings, data: URL(fileURLWithPath: data),
                                          output: URL(fileURLWithPath: output), checkpointEvery: checkpointEvery,
                                          resume: resume, exportType: float32 ? .float32 : .float16, stopAfter: stopAfter)
        let bar = ProgressBar("train", total: steps, quiet: quiet)
        try training.run { report in
            bar.update(report.step + 1, [String(format: "loss %.3f", report.total), String(format: "mel %.3f", report.mel),
                                         "levels \(report.levels)",
                                         "usage " + report.usage.map { String(format: "%.0f%%", 100 * $0) }.joined(separator: "/")])
        }
        bar.finish()
        StatusLine(quiet: quiet).result("wrote \(output)/model.safetensors (\(config.quantizerCount) levels of \(codebookSize) codes, \(config.frameRate) frames/s)")
    }
}
