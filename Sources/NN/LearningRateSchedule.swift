import Foundation

/// Linear warm-up from 0 to `peak` over `warmupSteps`, then cosine decay to `minimum` at `totalSteps`.
public struct WarmupCosineSchedule: Codable, Equatable {
    public var peak: Float
    public var minimum: Float
    public var warmupSteps: Int
    public var totalSteps: Int

    public init(peak: Float, minimum: Float = 0, warmupSteps: Int, totalSteps: Int) {
        (self.peak, self.minimum, self.warmupSteps, self.totalSteps) = (peak, minimum, warmupSteps, totalSteps)
    }

    /// The rate for update number `step` (0-based).
    public func learningRate(at step: Int) -> Float {
        if step < warmupSteps { return peak * Float(step + 1) / Float(warmupSteps) }
        let progress = Double(step - warmupSteps) / Double(Swift.max(1, totalSteps - warmupSteps))
        return minimum + 0.5 * (peak - minimum) * Float(1 + cos(Double.pi * Swift.min(progress, 1)))
    }
}
