/// A rule on which ids may come next (a grammar), applied as a logit mask before each pick.
public protocol GenerationConstraint {
    /// Sets to −∞ the logits of the ids that may not follow `history` (prompt and generated ids).
    func mask(_ logits: inout [Float], history: [Int32])
}

/// Classifier-free guidance: a second, unconditional sequence decoded beside the conditional
/// one (batched with it), whose logits pull the pick away from the unconditional choice:
/// `unconditional + scale · (conditional − unconditional)`.
public struct Guidance {
    /// The unconditional prompt; it must have the conditional prompt's length (the two run as one
    /// batch, without padding).
    public var unconditionalPrompt: [Int32]
    /// The guidance scale (1: conditional logits unchanged).
    public var scale: Float
    /// Whether guidance applies to the next pick, given the history (e.g. only inside image and
    /// audio segments).
    public var isActive: ([Int32]) -> Bool

    /// Guidance of `scale` from `unconditionalPrompt`, where `isActive` says so.
    public init(unconditionalPrompt: [Int32], scale: Float, isActive: @escaping ([Int32]) -> Bool = { _ in true }) {
        (self.unconditionalPrompt, self.scale, self.isActive) = (unconditionalPrompt, scale, isActive)
    }

    /// The guided logits from the two rows.
    func combine(conditional: ArraySlice<Float>, unconditional: ArraySlice<Float>) -> [Float] {
        zip(conditional, unconditional).map { conditional, unconditional in unconditional + scale * (conditional - unconditional) }
    }
}
