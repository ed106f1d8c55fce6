import ArgumentParser
import Foundation
import Formats
import ImageTokenizer
import Tessera

/// `tessera train-tokenizer image`: a Janus/LlamaGen VQ tokenizer trained on PNG images.
struct TrainImageTokenizerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Train a VQ image tokenizer (JanusVQVAE architecture) on PNG images.",
        discussion: "Writes DIR/config.json + DIR/model.safetensors (loadable by transformers' JanusVQVAE), "
            + "DIR/training.json and DIR/reconstructions.png; checkpoints go to DIR/checkpoint (continue with --resume)."
    )

    @Option(help: "Training images: a folder of PNGs or a JSONL manifest with \"image\" paths.")
    var data: String
    @Option(help: "Held-out images (same forms) for the evaluations.")
    var heldout: String?
    @Option(name: [.short, .customLong("output")], help: "The tokenizer directory to write.")
    var output: String

    @Option(help: "Side of the square training images.") var imageSize = 64
    @Option(help: "Channels of the first level.") var baseChannels = 64
    @Option(help: "Comma-separated channel multipliers, one level each (n levels shrink by 2^(n-1)).")
    var channelMultiplier = "1,1,2,2"
    @Option(help: "ResNet blocks per encoder level.") var residualBlocks = 1
    @Option(help: "Channels of the latent map.") var latentChannels = 64
    @Option(help: "Dimension of a codebook row.") var embeddingDimension = 8
    @Option(help: "Codebook rows.") var codebookSize = 1024
    @Flag(help: "A plain nearest-code quantizer instead of the l2-normalised (Janus) codebook.") var plainCodebook = false

    @Option(help: "Optimizer steps.") var steps = 3000
    @Option(help: "Images per step.") var batchSize = 16
    @Option(help: "Peak learning rate.") var learningRate: Float = 3e-4
    @Option(help: "Warm-up steps.") var warmupSteps = 100
    @Option(help: "Weight of the L1 pixel loss.") var l1Weight: Float = 1
    @Option(help: "Weight of the L2 pixel loss.") var l2Weight: Float = 1
    @Option(help: "Weight of the image-gradient loss.") var gradientLossWeight: Float = 0.5
    @Option(help: "Weight β of the commitment loss.") var commitmentWeight: Float = 0.25
    @Option(help: "Images whose latents seed the codebook by k-means (0: none).") var kMeansImages = 512
    @Option(help: "Steps per dead-code window.") var restartInterval = 100
    @Option(help: "Step at which a PatchGAN discriminator (hinge loss) joins; none without it.") var discriminatorStart: Int?
    @Option(help: "Weight of the adversarial loss.") var discriminatorWeight: Float = 0.1
    @Option(help: "Held-out evaluation every N steps.") var evaluationInterval = 250
    @Option(help: "Held-out images per evaluation.") var evaluationImages = 256
    @OptionGroup var common: TrainingRunOptions
    @Option(help: "Checkpoint every N steps.") var checkpointInterval = 500
    @Option(help: "Seed of every random choice.") var seed: UInt64 = 0

    var config: JanusVQVAEConfig {
        var config = JanusVQVAEConfig()
        config.baseChannels = baseChannels
        config.channelMultiplier = channelMultiplier.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        config.residualBlocksPerLevel = residualBlocks
        config.latentChannels = latentChannels
        config.embeddingDimension = embeddingDimension
        config.codebookSize = codebookSize
        config.codebookL2Normalized = !plainCodebook
        config.patchesPerSide = imageSize / Swift.max(config.downsamplingFactor, 1)
        return config
    }

    var options: ImageTokenizerTrainingOptions {
        var options = ImageTokenizerTrainingOptions()
        (options.steps, options.batchSize, options.learningRate, options.warmupSteps) = (steps, batchSize, learningRate, warmupSteps)
        (options.l1Weight, options.l2Weight, options.gradientLossWeight) = (l1Weight, l2Weight, gradientLossWeight)
        (options.commitmentWeight, options.kMeansImages, options.restartInterval) = (commitmentWeight, kMeansImages, restartInterval)
        (options.discriminatorStart, options.discriminatorWeight) = (discriminatorStart, discriminatorWeight)
        (options.evaluationInterval, options.seed) = (evaluationInterval, seed)
        return options
    }

    func validate() throws {
        if let problem = options.problem { throw ValidationError(problem) }
        let config = self.config
        let channels = [baseChannels] + config.channelMultiplier.map { $0 * baseChannels }
        guard config.channelMultiplier.count == channelMultiplier.split(separator: ",").count, !config.channelMultiplier.isEmpty,
              channels.allSatisfy({ $0 > 0 && $0 % 32 == 0 }), latentChannels > 0, embeddingDimension > 0, codebookSize > 1,
              residualBlocks > 0
        else { throw ValidationError("the geometry needs positive multiples of 32 channels per level, a positive latent and codebook") }
        guard imageSize > 0, imageSize % config.downsamplingFactor == 0 else {
            throw ValidationError("--image-size must be a positive multiple of \(config.downsamplingFactor)")
        }
        guard checkpointInterval > 0, evaluationImages > 0 else { throw ValidationError("intervals and counts must be positive") }
    }

    func run() throws {
        common.threads.apply()
        var run = ImageTokenizerTrainingRun(config: config, options: options, data: URL(fileURLWithPath: data),
                                            imageSize: imageSize, output: URL(fileURLWithPath: output))
        run.heldout = heldout.map { URL(fileURLWithPath: $0) }
        (run.checkpointInterval, run.resume, run.evaluationImages, run.quiet) = (checkpointInterval, common.resume, evaluationImages, common.quiet)
        run.dtype = common.storage.storageType
        let evaluation = try run.run()
        StatusLine(quiet: common.quiet).result(String(format: "wrote %@ (held-out PSNR %.2f dB, SSIM %.3f, codebook usage %.1f%% on %d images)",
                                               output, evaluation.psnr, evaluation.ssim, 100 * evaluation.codebookUsage, evaluation.images))
    }
}
