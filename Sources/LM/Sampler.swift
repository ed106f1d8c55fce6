import Foundation
import Tensor

/// How the next id is picked from a row of logits, in the order `transformers`' `generate`
/// applies its processors: repetition penalty, then greedy choice, or temperature, top-k and
/// top-p followed by a draw.
public struct SamplingSettings: Equatable, Sendable {
    /// Pick the most likely id (the first one on ties, as `argmax` does) instead of drawing.
    public var greedy = false
    /// Logits are divided by this before drawing.
    public var temperature: Float = 1
    /// Draw among the `topK` most likely ids only (ties at the cut kept).
    public var topK: Int?
    /// Draw among the smallest set of most likely ids whose probability reaches `topP`.
    public var topP: Float?
    /// Logits of ids already in the sequence are divided by this when positive, multiplied when
    /// negative (CTRL's penalty, as `transformers` applies it); 1 for none.
    public var repetitionPenalty: Float = 1

    /// Settings with the given rules (the defaults draw from the plain softmax).
    public init(greedy: Bool = false, temperature: Float = 1, topK: Int? = nil, topP: Float? = nil, repetitionPenalty: Float = 1) {
        (self.greedy, self.temperature, self.topK, self.topP, self.repetitionPenalty) = (greedy, temperature, topK, topP, repetitionPenalty)
    }

    /// What makes these settings unusable, or nil.
    public var problem: String? {
        if !(temperature > 0) { return "the temperature must be positive" }
        if let topK, topK < 1 { return "top-k must be at least 1" }
        if let topP, !(topP > 0 && topP <= 1) { return "top-p must lie in (0, 1]" }
        if !(repetitionPenalty > 0) { return "the repetition penalty must be positive" }
        return nil
    }

    /// The next id given `logits` (one entry per vocabulary id; −∞ marks forbidden ids) and the
    /// ids of the sequence so far.
    public func pick(_ logits: [Float], history: [Int32], generator: inout RandomGenerator) -> Int32 {
        var scores = logits
        if repetitionPenalty != 1 {
            for id in Set(history) {
                let score = scores[Int(id)]
                scores[Int(id)] = score < 0 ? score * repetitionPenalty : score / repetitionPenalty
            }
        }
        if greedy { return Int32(scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }!) }
        for index in scores.indices { scores[index] /= temperature }
        var candidates = scores.indices.filter { scores[$0] > -Float.infinity }
        // Order matters only for the cuts; plain draws skip the sort.
        if topK != nil || topP != nil { candidates.sort { scores[$0] > scores[$1] } }
        if let topK, topK < candidates.count {
            let threshold = scores[candidates[topK - 1]]
            candidates = candidates.filter { scores[$0] >= threshold }
        }
        let maximum = candidates.lazy.map { scores[$0] }.max()!
        var weights = candidates.map { Foundation.exp(Double(scores[$0] - maximum)) }
        let total = weights.reduce(0, +)
        if let topP {
            // Keep the most likely ids until their mass reaches topP (at least one).
            var mass = 0.0, kept = 0
            while kept < weights.count && (kept == 0 || mass < Double(topP) * total) {
                mass += weights[kept]
                kept += 1
            }
            (candidates, weights) = (Array(candidates.prefix(kept)), Array(weights.prefix(kept)))
        }
        var draw = Double(generator.nextUniform()) * weights.reduce(0, +)
        for (candidate, weight) in zip(candidates, weights) {
            draw -= weight
            if draw < 0 { return Int32(candidate) }
        }
        return Int32(candidates[candidates.count - 1])
    }
}
