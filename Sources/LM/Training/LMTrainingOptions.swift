/// The settings of a language-model training run.
public struct LMTrainingOptions: Codable, Equatable, Sendable {
    /// Optimizer steps.
    public var steps = 1000
    /// Windows per micro-batch.
    public var batchSize = 8
    /// Micro-batches whose gradients add up to one step.
    public var accumulation = 1
    /// Inputs per window.
    public var sequenceLength = 256
    /// Peak learning rate, reached after `warmupSteps`, then cosine decay to `minimumLearningRate`.
    public var learningRate: Float = 3e-4
    /// The learning rate the cosine decay ends at.
    public var minimumLearningRate: Float = 3e-5
    /// Steps of linear warm-up.
    public var warmupSteps = 100
    /// AdamW's decoupled weight decay.
    public var weightDecay: Float = 0.01
    /// Gradients are scaled down to this joint L2 norm when larger.
    public var clipNorm: Float = 1
    /// When set, only rows `frozenRows...` of the embedding and the head train: every other
    /// parameter and the first `frozenRows` rows stay exactly as they were (the vocab stage).
    public var frozenRows: Int?
    /// Seed of the data order.
    public var seed: UInt64 = 0

    /// The defaults.
    public init() {}

    /// What makes these options unusable, or nil.
    public var problem: String? {
        if [steps, batchSize, accumulation, sequenceLength].contains(where: { $0 < 1 }) {
            return "steps, batch size, accumulation and sequence length must be positive"
        }
        if warmupSteps < 0 || !(learningRate > 0) || minimumLearningRate < 0 || weightDecay < 0 || !(clipNorm > 0) {
            return "learning rates, warm-up, weight decay and clip norm must be positive (warm-up and decay may be 0)"
        }
        if let frozenRows, frozenRows < 0 { return "frozen rows must not be negative" }
        return nil
    }
}
