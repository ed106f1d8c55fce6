/// The recipe of a codec training run: schedule, batches, loss weights and codebook upkeep.
/// Saved beside the trained model (training.json) and in every checkpoint.
public struct CodecTrainingSettings: Codable, Equatable, Sendable {
    /// Optimizer updates in the whole run.
    public var steps = 2000
    /// Segments per batch.
    public var batchSize = 8
    /// Samples per segment (a multiple of the codec's hop).
    public var segmentSamples = 16000
    /// Peak learning rate of the warm-up + cosine schedule.
    public var learningRate: Float = 1e-3
    /// Linear warm-up steps.
    public var warmupSteps = 100
    /// Seeds the weights, the data order and every random choice.
    public var seed: UInt64 = 0
    /// Joint gradient-norm ceiling.
    public var gradientClip: Float = 10
    /// Weight of the time-domain L1 loss.
    public var timeWeight: Float = 1
    /// Weight of the multi-scale mel loss.
    public var melWeight: Float = 1
    /// Weight of the commitment loss (encoder output vs its quantization).
    public var commitmentWeight: Float = 0.25
    /// EMA decay of the codebook averages.
    public var codebookDecay: Float = 0.99
    /// A code is dead when its average use per step falls below this share of the mean use
    /// (vectors per step / codebook size); dead codes restart at batch vectors.
    public var deadCodeShare: Float = 0.05
    /// Lloyd iterations of the k-means that starts each codebook.
    public var kMeansIterations = 10
    /// Batches whose encoder outputs the k-means sees (from steps −1, −2, …, so no training batch).
    public var kMeansBatches = 24
    /// The step from which the STFT discriminator trains and its losses join; nil: no discriminator.
    public var discriminatorStart: Int?
    /// Weights of the adversarial and feature-matching losses.
    public var adversarialWeight: Float = 1, featureWeight: Float = 2

    /// The default recipe.
    public init() {}
}
