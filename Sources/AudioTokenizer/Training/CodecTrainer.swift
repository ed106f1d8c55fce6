import Foundation
import NN
import Tensor

/// Trains an `EncodecModel`: gradient steps for the encoder and decoder (AdamW on time-domain L1 +
/// multi-scale mel + commitment, plus adversarial and feature-matching losses once the optional
/// STFT discriminator starts), EMA updates and dead-code restarts for the codebooks, and
/// quantizer dropout (a random number of levels per batch, so one model serves every bandwidth).
public final class CodecTrainer {
    /// The model being trained.
    public let model: EncodecModel
    /// The recipe.
    public let settings: CodecTrainingSettings
    /// Each codebook's running averages.
    public let averages: [CodebookAverages]
    /// The discriminator, when the recipe has one.
    public let discriminator: SpectrogramDiscriminator?
    /// Everything a checkpoint holds besides the optimizer: `codec.*`, `averages.<level>.*`, `discriminator.*`.
    public let state: Module
    /// AdamW over the encoder, decoder and discriminator.
    public let optimizer: AdamW
    private let melDistance: MultiScaleMelDistance
    private let schedule: WarmupCosineSchedule
    /// The level counts quantizer dropout draws from: those of the configured bandwidths.
    public let levelChoices: [Int]

    /// A trainer for `model` (already initialised or loaded) following `settings`.
    public init(model: EncodecModel, settings: CodecTrainingSettings) {
        self.model = model
        self.settings = settings
        let config = model.config
        averages = model.quantizer.codebooks.map { _ in CodebookAverages(size: config.codebookSize, dimension: config.codebookDimension) }
        discriminator = settings.discriminatorStart.map { _ in SpectrogramDiscriminator(seed: settings.seed &+ 1) }
        state = Module()
        state.register("codec", module: model)
        for (level, average) in averages.enumerated() { state.register("averages.\(level)", module: average) }
        if let discriminator { state.register("discriminator", module: discriminator) }
        let trained = model.namedParameters().filter { !$0.key.hasPrefix("quantizer.") }
            + (discriminator?.namedParameters().map { ("discriminator." + $0.key, $0.tensor) } ?? [])
        optimizer = AdamW(trained, settings: .init(learningRate: settings.learningRate, beta1: 0.8, beta2: 0.99, weightDecay: 0))
        melDistance = MultiScaleMelDistance(sampleRate: config.samplingRate)
        schedule = WarmupCosineSchedule(peak: settings.learningRate, minimum: settings.learningRate / 20,
                                        warmupSteps: settings.warmupSteps, totalSteps: settings.steps)
        levelChoices = Array(Set(config.targetBandwidths.map { model.levels(forBandwidth: $0) })).sorted()
    }

    /// Code vectors the quantizer sees per step.
    public var vectorsPerStep: Int { settings.batchSize * settings.segmentSamples / model.config.hopLength }

    /// The average use per step below which a code counts as dead.
    public var deadThreshold: Float {
        settings.deadCodeShare * Float(vectorsPerStep) / Float(model.config.codebookSize)
    }

    /// Fills every codebook by k-means, level by level: level l clusters what levels < l leave of
    /// the encoder outputs of `audio` [batch, 1, samples].
    public func startCodebooks(from audio: Tensor) {
        var generator = RandomGenerator(seed: settings.seed &+ 2)
        var residual = withoutGradient { flatLatents(model.encoder(audio)) }  // [vectors, dimension]
        for (codebook, average) in zip(model.quantizer.codebooks, averages) {
            let (centroids, counts) = KMeans.fit(residual, clusters: model.config.codebookSize, iterations: settings.kMeansIterations,
                                                 nearest: nearestRows(of:in:), generator: &generator)
            average.start(codebook: codebook.embed, centroids: centroids, counts: counts, vectorsPerStep: vectorsPerStep)
            residual = withoutGradient { residual - codebook.quantize(residual).rows }
        }
    }

    /// One training step on `audio` [batch, 1, samples] (samples a multiple of the hop) as update
    /// number `step`; all its random choices come from (seed, step).
    public func step(_ audio: Tensor, step: Int) -> CodecStepReport {
        var generator = RandomGenerator(seed: AudioSegmentSource.mix(settings.seed &+ 3, UInt64(step)))
        let levels = levelChoices[generator.nextInt(below: levelChoices.count)]
        optimizer.settings.learningRate = schedule.learningRate(at: step)
        let pass = reconstruct(audio, levels: levels)
        var report = CodecStepReport(step: step, levels: levels)
        var loss = pass.time * settings.timeWeight + pass.mel * settings.melWeight
            + pass.quantization.commitment * settings.commitmentWeight
        (report.time, report.mel, report.commitment) = (pass.time.item, pass.mel.item, pass.quantization.commitment.item)
        let (estimate, reference) = (pass.estimate, pass.reference)
        let adversarialActive = discriminator != nil && step >= settings.discriminatorStart!
        if adversarialActive, let discriminator {
            let terms = discriminator.generatorLosses(real: reference, fake: estimate)
            loss = loss + terms.adversarial * settings.adversarialWeight + terms.featureMatching * settings.featureWeight
            (report.adversarial, report.featureMatching) = (terms.adversarial.item, terms.featureMatching.item)
        }
        report.total = loss.item
        optimizer.zeroGrad()
        loss.backward()
        if adversarialActive, let discriminator {
            discriminator.zeroGrad()  // the generator's loss must not move the discriminator
            let discriminatorLoss = discriminator.discriminatorLoss(real: reference, fake: estimate.detached())
            discriminatorLoss.backward()
            report.discriminator = discriminatorLoss.item
        }
        clipGradientNorm(optimizer.parameters.map(\.tensor), maxNorm: settings.gradientClip)
        optimizer.update()
        for (level, (residual, codes)) in zip(pass.quantization.residuals, pass.quantization.codes).enumerated() {
            averages[level].update(codebook: model.quantizer.codebooks[level].embed, vectors: residual, codes: codes,
                                   decay: settings.codebookDecay)
        }
        report.usage = averages.map { $0.usage(threshold: deadThreshold) }  // before restarts, so dead codes show
        for (level, residual) in pass.quantization.residuals.enumerated() {
            report.restarted += averages[level].replaceDeadCodes(codebook: model.quantizer.codebooks[level].embed, vectors: residual,
                                                                  threshold: deadThreshold, generator: &generator)
        }
        return report
    }

    /// The time-domain L1 and mel losses of coding `audio` [batch, 1, samples] with `levels` levels
    /// (all when nil), without training: for held-out validation.
    public func evaluate(_ audio: Tensor, levels: Int? = nil) -> (time: Float, mel: Float) {
        withoutGradient {
            let pass = reconstruct(audio, levels: levels ?? model.quantizer.codebooks.count)
            return (pass.time.item, pass.mel.item)
        }
    }

    /// Encode, quantize with `levels` levels and decode `audio` [batch, 1, samples]; the decoded and
    /// original signals [batch, samples] and the two reconstruction losses (scalars).
    private func reconstruct(_ audio: Tensor, levels: Int)
        -> (estimate: Tensor, reference: Tensor, quantization: TrainingQuantization, time: Tensor, mel: Tensor) {
        let (batch, samples) = (audio.shape[0], audio.shape[2])
        let latents = model.encoder(audio)  // [batch, dimension, frames]
        let quantization = model.quantizer.quantizeForTraining(flatLatents(latents), levels: levels)
        let (dimension, frames) = (latents.shape[1], latents.shape[2])
        let decoded = model.decoder(quantization.quantized.reshaped([batch, frames, dimension]).permuted([0, 2, 1]))  // [batch, 1, samples]
        let (estimate, reference) = (decoded.reshaped([batch, samples]), audio.reshaped([batch, samples]))
        return (estimate, reference, quantization, (estimate - reference).abs().mean(), melDistance(estimate, reference))
    }

    /// latents [batch, dimension, frames] → [batch · frames, dimension]
    private func flatLatents(_ latents: Tensor) -> Tensor {
        latents.permuted([0, 2, 1]).reshaped([latents.shape[0] * latents.shape[2], latents.shape[1]])
    }
}

/// The losses and codebook figures of one training step.
public struct CodecStepReport: Codable, Equatable, Sendable {
    /// The update number and the RVQ levels it used.
    public var step: Int, levels: Int
    /// The weighted sum that was minimised, and its terms (unweighted).
    public var total: Float = 0, time: Float = 0, mel: Float = 0, commitment: Float = 0
    /// Adversarial terms (0 before the discriminator starts).
    public var adversarial: Float = 0, featureMatching: Float = 0, discriminator: Float = 0
    /// Share of live codes per level, and codes restarted this step.
    public var usage: [Float] = [], restarted = 0

    /// A report for `step` at `levels` levels, losses to be filled in.
    public init(step: Int, levels: Int) { (self.step, self.levels) = (step, levels) }
}
