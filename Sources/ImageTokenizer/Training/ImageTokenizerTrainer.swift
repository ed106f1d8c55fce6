import Formats
import Foundation
import Media
import NN
import Tensor

/// The figures of one training step.
public struct ImageTokenizerStepReport {
    /// The total generator loss.
    public let loss: Float
    /// Mean absolute pixel error (images in [−1, 1]).
    public let l1: Float
    /// The codebook loss.
    public let codebook: Float
    /// The share of rows used so far in the current dead-code window.
    public let windowUsage: Double
    /// Rows restarted at the end of this step (0 unless a window closed).
    public let restarted: Int
    /// The discriminator's hinge loss, once it has joined.
    public let discriminator: Float?
}

/// Held-out quality at one step.
public struct ImageTokenizerEvaluation: Codable, Equatable {
    public let step: Int
    public let images: Int
    public let psnr: Double
    public let ssim: Double
    /// The share of codebook rows the held-out images use.
    public let codebookUsage: Double
}

/// Trains a `JanusVQVAE`: straight-through VQ with codebook and commitment losses, k-means
/// initialisation, dead-code restarts, L1 + L2 + image-gradient reconstruction losses, an optional
/// PatchGAN after a warm-up; checkpoints resume exactly.
public final class ImageTokenizerTrainer {
    public let model: JanusVQVAE
    public let options: ImageTokenizerTrainingOptions
    public let data: ImageTrainingSet
    /// Steps done so far.
    public private(set) var step = 0
    /// Held-out evaluations so far.
    public private(set) var history: [ImageTokenizerEvaluation] = []
    /// Training seconds so far, over every resumed part of the run.
    public private(set) var seconds: Double = 0

    private let optimizer: AdamW
    private let schedule: WarmupCosineSchedule
    private let discriminator: PatchDiscriminator?
    private let discriminatorOptimizer: AdamW?
    private var generator: RandomGenerator
    private var usage: [Int]
    private var epochOrder: (epoch: Int, order: [Int]) = (-1, [])

    /// A fresh run on `data` with a model of geometry `config`.
    public init(config: JanusVQVAEConfig, options: ImageTokenizerTrainingOptions, data: ImageTrainingSet) {
        self.options = options
        self.data = data
        model = JanusVQVAE(config: config, seed: options.seed)
        let settings = AdamW.Settings(learningRate: options.learningRate, beta1: 0.9, beta2: 0.95, weightDecay: options.weightDecay)
        optimizer = AdamW(model.namedParameters(), settings: settings)
        schedule = WarmupCosineSchedule(peak: options.learningRate, minimum: options.learningRate / 10,
                                        warmupSteps: options.warmupSteps, totalSteps: options.steps)
        discriminator = options.discriminatorStart.map { _ in PatchDiscriminator(seed: options.seed &+ 1) }
        discriminatorOptimizer = discriminator.map { AdamW($0.namedParameters(), settings: settings) }
        generator = RandomGenerator(seed: options.seed &+ 2)
        usage = Array(repeating: 0, count: config.codebookSize)
    }

    /// Seeds the codebook by k-means on the latents of the first `kMeansImages` images of the data order
    /// (only before the first step).
    public func initializeCodebook() {
        guard step == 0, options.kMeansImages > 0 else { return }
        let indices = (0..<Swift.min(options.kMeansImages, data.images.count)).map(dataIndex)
        let latents = withoutGradient {
            stride(from: 0, to: indices.count, by: 32).map { start in
                model.quantConv(model.encoder(data.batch(Array(indices[start..<Swift.min(start + 32, indices.count)]),
                                                         mirror: Array(repeating: false, count: Swift.min(32, indices.count - start)))))
            }
        }
        model.quantizer.initializeWithKMeans(Tensor.concat(latents, axis: 0), iterations: options.kMeansIterations,
                                             generator: &generator)
    }

    /// One optimizer step on the next batch.
    public func trainStep() -> ImageTokenizerStepReport {
        let started = Date()
        let indices = (step * options.batchSize..<(step + 1) * options.batchSize).map(dataIndex)
        let images = data.batch(indices, mirror: indices.map { _ in options.mirror && generator.nextUniform() < 0.5 })  // [batch, 3, S, S]
        optimizer.zeroGrad()
        let latents = model.quantConv(model.encoder(images))              // [batch, D, S/f, S/f]
        let quantized = model.quantizer.trainingForward(latents)
        let reconstruction = model.decoder(model.postQuantConv(quantized.quantized))  // [batch, 3, S, S]
        let l1 = Loss.meanAbsoluteError(reconstruction, images)
        var loss = options.l1Weight * l1 + options.l2Weight * Loss.meanSquaredError(reconstruction, images)
            + options.gradientLossWeight * ImageLoss.gradientDifference(reconstruction, images)
            + options.codebookWeight * quantized.codebookLoss + options.commitmentWeight * quantized.commitmentLoss
        let adversarial = discriminatorActive ? discriminator : nil
        if let adversarial { loss = loss - options.discriminatorWeight * adversarial(reconstruction).mean() }
        loss.backward()
        optimizer.settings.learningRate = schedule.learningRate(at: step)
        clipGradientNorm(model.parameters, maxNorm: options.gradientClip)
        optimizer.update()
        let discriminatorLoss = adversarial.map { trainDiscriminator($0, real: images, fake: reconstruction.detached()) }
        for code in quantized.codes { usage[Int(code)] += 1 }
        let windowUsage = Double(usage.filter { $0 > 0 }.count) / Double(usage.count)
        step += 1
        var restarted = 0
        if step % options.restartInterval == 0 {
            restarted = model.quantizer.restartDeadCodes(usage: usage, minimumUses: options.minimumUses,
                                                         latents: latents.detached(), generator: &generator)
            usage = Array(repeating: 0, count: usage.count)
        }
        seconds += Date().timeIntervalSince(started)
        return ImageTokenizerStepReport(loss: loss.item, l1: l1.item, codebook: quantized.codebookLoss.item,
                                        windowUsage: windowUsage, restarted: restarted, discriminator: discriminatorLoss)
    }

    private var discriminatorActive: Bool { options.discriminatorStart.map { step >= $0 } ?? false }

    private func trainDiscriminator(_ critic: PatchDiscriminator, real: Tensor, fake: Tensor) -> Float {
        discriminatorOptimizer?.zeroGrad()
        let loss = Loss.discriminatorHinge(real: critic(real), fake: critic(fake))
        loss.backward()
        discriminatorOptimizer?.settings.learningRate = schedule.learningRate(at: step)
        discriminatorOptimizer?.update()
        return loss.item
    }

    /// The dataset index at position `position` of the run's data order (a fresh permutation per epoch).
    private func dataIndex(_ position: Int) -> Int {
        let count = data.images.count
        let epoch = position / count
        if epochOrder.epoch != epoch {
            var shuffler = RandomGenerator(seed: options.seed &+ 0x9E37_79B9 &* UInt64(epoch + 1))
            var order = Array(0..<count)
            for index in order.indices.reversed() where index > 0 { order.swapAt(index, shuffler.nextInt(below: index + 1)) }
            epochOrder = (epoch, order)
        }
        return epochOrder.order[position % count]
    }

    /// Held-out PSNR, SSIM and codebook usage over the first `limit` images of `heldout`, and the
    /// reconstructions, through the same quantizer path as training. Recorded in `history` unless
    /// this step is already there.
    @discardableResult
    public func evaluate(_ heldout: ImageTrainingSet, limit: Int) -> (ImageTokenizerEvaluation, [RGBImage]) {
        let count = Swift.min(limit, heldout.images.count)
        var reconstructions: [RGBImage] = []
        var codes: [Int32] = []
        withoutGradient {
            for start in stride(from: 0, to: count, by: 32) {
                let indices = Array(start..<Swift.min(start + 32, count))
                let quantized = model.quantizer.trainingForward(model.quantConv(model.encoder(
                    heldout.batch(indices, mirror: indices.map { _ in false }))))
                codes += quantized.codes
                reconstructions += RGBImage.images(fromBatch: model.decoder(model.postQuantConv(quantized.quantized)))
            }
        }
        let originals = heldout.images.prefix(count)
        let evaluation = ImageTokenizerEvaluation(
            step: step, images: count,
            psnr: zip(originals, reconstructions).map { ImageQuality.psnr($0, $1) }.reduce(0, +) / Double(count),
            ssim: zip(originals, reconstructions).map { ImageQuality.ssim($0, $1) }.reduce(0, +) / Double(count),
            codebookUsage: ImageQuality.codebookUsage(codes, codebookSize: model.config.codebookSize))
        if history.last?.step != step { history.append(evaluation) }
        return (evaluation, reconstructions)
    }

    // MARK: Checkpoints

    private static let checkpointName = "trainer.safetensors", discriminatorName = "discriminator.safetensors"

    /// Writes everything needed to continue exactly: weights, optimizer moments, the random state,
    /// the dead-code window, the evaluation history and the options.
    public func saveCheckpoint(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        let metadata = [
            "image_tokenizer.usage": usage.map(String.init).joined(separator: ","),
            "image_tokenizer.history": String(decoding: try encoder.encode(history), as: UTF8.self),
            "image_tokenizer.options": String(decoding: try encoder.encode(options), as: UTF8.self),
            "image_tokenizer.seconds": String(seconds),
        ]
        let state = TrainingCheckpoint.State(step: step, generator: generator, metadata: metadata)
        if let discriminator, let discriminatorOptimizer {
            try TrainingCheckpoint.save(to: directory.appendingPathComponent(Self.discriminatorName), model: discriminator,
                                        optimizer: discriminatorOptimizer, state: state)
        }
        try TrainingCheckpoint.save(to: directory.appendingPathComponent(Self.checkpointName), model: model, optimizer: optimizer,
                                    state: state)
    }

    /// Whether `directory` holds a checkpoint to resume from.
    public static func hasCheckpoint(in directory: URL) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(checkpointName).path)
    }

    /// Continues the run saved in `directory`; the options must be this run's (except `steps`).
    public func resume(from directory: URL) throws {
        let url = directory.appendingPathComponent(Self.checkpointName)
        let state = try TrainingCheckpoint.load(from: url, model: model, optimizer: optimizer)
        let decoder = JSONDecoder()
        guard let usageText = state.metadata["image_tokenizer.usage"],
              let historyText = state.metadata["image_tokenizer.history"],
              let optionsText = state.metadata["image_tokenizer.options"],
              let secondsText = state.metadata["image_tokenizer.seconds"], let seconds = Double(secondsText),
              let saved = try? decoder.decode(ImageTokenizerTrainingOptions.self, from: Data(optionsText.utf8)),
              let history = try? decoder.decode([ImageTokenizerEvaluation].self, from: Data(historyText.utf8))
        else { throw FormatError(url, "not an image tokenizer training checkpoint") }
        var comparable = saved
        comparable.steps = options.steps
        guard comparable == options else { throw FormatError(url, "was made with other training options; resume with the same ones") }
        let counts = usageText.split(separator: ",").compactMap { Int($0) }
        guard counts.count == usage.count else { throw FormatError(url, "holds a dead-code window for another codebook size") }
        if let discriminator, let discriminatorOptimizer {
            let other = try TrainingCheckpoint.load(from: directory.appendingPathComponent(Self.discriminatorName),
                                                    model: discriminator, optimizer: discriminatorOptimizer)
            guard other.step == state.step else { throw FormatError(url, "the discriminator checkpoint is from another step") }
        }
        (step, generator, usage, self.history, self.seconds) = (state.step, state.generator, counts, history, seconds)
    }
}
