/// The recipe of an image tokenizer training run (recorded in the checkpoint and `training.json`).
public struct ImageTokenizerTrainingOptions: Codable, Equatable, Sendable {
    /// Optimizer steps in the whole run.
    public var steps = 3000
    /// Images per step.
    public var batchSize = 16
    /// Peak learning rate (AdamW, betas 0.9/0.95), reached after `warmupSteps`, then cosine to a tenth.
    public var learningRate: Float = 3e-4
    /// Linear warm-up steps.
    public var warmupSteps = 100
    /// AdamW decoupled weight decay.
    public var weightDecay: Float = 0
    /// Global gradient-norm clip.
    public var gradientClip: Float = 1
    /// Weight of the mean absolute pixel error.
    public var l1Weight: Float = 1
    /// Weight of the mean squared pixel error.
    public var l2Weight: Float = 1
    /// Weight of the image-gradient loss (edges; needs no pretrained network).
    public var gradientLossWeight: Float = 0.5
    /// Weight of the codebook loss ‖sg(z) − e‖².
    public var codebookWeight: Float = 1
    /// Weight β of the commitment loss ‖z − sg(e)‖².
    public var commitmentWeight: Float = 0.25
    /// Images whose latents seed the codebook by k-means before the first step (0: keep the random rows).
    public var kMeansImages = 512
    /// Lloyd iterations of that k-means.
    public var kMeansIterations = 15
    /// Steps per dead-code window: rows used fewer than `minimumUses` times in a window restart on
    /// random latents of the current batch.
    public var restartInterval = 100
    /// Uses per window below which a row counts as dead.
    public var minimumUses = 1
    /// The step at which the PatchGAN (hinge) joins, or nil for no discriminator.
    public var discriminatorStart: Int?
    /// Weight of the generator's adversarial loss.
    public var discriminatorWeight: Float = 0.1
    /// Held-out evaluation every this many steps.
    public var evaluationInterval = 250
    /// Whether images are mirrored left–right at random.
    public var mirror = true
    /// Seed of the data order, mirroring, initial weights and restarts.
    public var seed: UInt64 = 0

    /// The defaults.
    public init() {}

    /// What is wrong with these settings, if anything.
    public var problem: String? {
        if steps < 1 || batchSize < 1 { return "--steps and --batch-size must be at least 1" }
        if learningRate <= 0 { return "--learning-rate must be positive" }
        if warmupSteps < 0 || kMeansImages < 0 || kMeansIterations < 0 { return "counts must not be negative" }
        if restartInterval < 1 || evaluationInterval < 1 { return "intervals must be at least 1" }
        if let start = discriminatorStart, start < 0 { return "--discriminator-start must not be negative" }
        return nil
    }
}
