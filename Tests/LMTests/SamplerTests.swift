import LM
import Tensor
import XCTest

/// The sampler's rules on hand-made logits.
final class SamplerTests: XCTestCase {
    private let logits: [Float] = [1, 3, 2.5, -1, -.infinity]

    private func draws(_ settings: SamplingSettings, seed: UInt64 = 1, count: Int = 400) -> [Int32] {
        var generator = RandomGenerator(seed: seed)
        return (0..<count).map { _ in settings.pick(logits, history: [], generator: &generator) }
    }

    func testGreedyPicksTheFirstMaximum() {
        var generator = RandomGenerator(seed: 0)
        XCTAssertEqual(SamplingSettings(greedy: true).pick([0, 2, 2], history: [], generator: &generator), 1)
    }

    func testRepetitionPenaltyDividesPositiveAndMultipliesNegativeLogits() {
        var generator = RandomGenerator(seed: 0)
        let settings = SamplingSettings(greedy: true, repetitionPenalty: 2)
        XCTAssertEqual(settings.pick([1, 3, 2.5], history: [1], generator: &generator), 2, "3/2 < 2.5")
        XCTAssertEqual(settings.pick([-1, -1.5], history: [0], generator: &generator), 1, "−1·2 < −1.5")
    }

    func testTopKAndTopPKeepOnlyTheMostLikely() {
        XCTAssertEqual(Set(draws(SamplingSettings(topK: 2))), [1, 2])
        XCTAssertEqual(Set(draws(SamplingSettings(topK: 1))), [1])
        // p(1) ≈ 0.56, p(2) ≈ 0.34: 0.5 keeps id 1 alone, 0.8 keeps ids 1 and 2.
        XCTAssertEqual(Set(draws(SamplingSettings(topP: 0.5))), [1])
        XCTAssertEqual(Set(draws(SamplingSettings(topP: 0.8))), [1, 2])
    }

    func testForbiddenIDsAreNeverDrawnAndTheSeedReproduces() {
        let settings = SamplingSettings(temperature: 5)
        let first = draws(settings)
        XCTAssertEqual(Set(first), [0, 1, 2, 3])
        XCTAssertEqual(first, draws(settings))
        XCTAssertNotEqual(first, draws(settings, seed: 2))
    }

    func testLowTemperatureConcentratesOnTheBest() {
        XCTAssertEqual(Set(draws(SamplingSettings(temperature: 0.01))), [1])
    }
}
