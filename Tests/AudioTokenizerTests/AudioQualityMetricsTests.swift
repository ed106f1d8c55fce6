import AudioTokenizer
import Foundation
import XCTest

/// SI-SDR and the multi-scale mel distance on signals whose answers are known.
final class AudioQualityMetricsTests: XCTestCase {
    /// A 440 Hz tone plus a 1 kHz overtone at 16 kHz, `count` samples.
    private func tone(_ count: Int) -> [Float] {
        (0..<count).map { index in
            let time = Float(index) / 16000
            return 0.5 * sin(2 * .pi * 440 * time) + 0.2 * sin(2 * .pi * 1000 * time)
        }
    }

    func testSISDRIgnoresScaleAndMatchesAKnownNoiseLevel() throws {
        let reference = tone(16000)
        let scaled = reference.map { $0 * 3 }
        XCTAssertGreaterThan(try XCTUnwrap(AudioQualityMetrics.scaleInvariantSDR(estimate: scaled, reference: reference)), 100)
        // Noise orthogonal to the reference (a 3 kHz tone) with a tenth of its energy: 10 dB.
        let energy = reference.reduce(0) { $0 + Double($1) * Double($1) } / Double(reference.count)
        let amplitude = Float((2 * energy / 10).squareRoot())
        let noisy = reference.enumerated().map { $1 + amplitude * sin(2 * .pi * 3000 * Float($0) / 16000) }
        XCTAssertEqual(try XCTUnwrap(AudioQualityMetrics.scaleInvariantSDR(estimate: noisy, reference: reference)), 10, accuracy: 0.05)
        XCTAssertNil(AudioQualityMetrics.scaleInvariantSDR(estimate: reference, reference: [Float](repeating: 0, count: 16000)))
        XCTAssertNil(AudioQualityMetrics.scaleInvariantSDR(estimate: [], reference: []))
    }

    func testMelDistanceIsZeroForTheSameSignalAndLog2ForDoubleAmplitude() throws {
        let reference = tone(16000)
        XCTAssertEqual(try XCTUnwrap(AudioQualityMetrics.melDistance(estimate: reference, reference: reference, using: MultiScaleMelDistance(sampleRate: 16000))), 0)
        // Doubling the amplitude doubles every mel value: log differences of ln 2 where the
        // spectrum is far above the 1e-5 floor, less in empty bands.
        let louder = try XCTUnwrap(AudioQualityMetrics.melDistance(estimate: reference.map { 2 * $0 }, reference: reference, using: MultiScaleMelDistance(sampleRate: 16000)))
        XCTAssertGreaterThan(louder, 0.3)
        XCTAssertLessThanOrEqual(louder, log(2) + 1e-4)
        let quieter = try XCTUnwrap(AudioQualityMetrics.melDistance(estimate: reference, reference: reference.map { 2 * $0 }, using: MultiScaleMelDistance(sampleRate: 16000)))
        XCTAssertEqual(louder, quieter, accuracy: 1e-5)
        XCTAssertNil(AudioQualityMetrics.melDistance(estimate: tone(500), reference: tone(500), using: MultiScaleMelDistance(sampleRate: 16000)))
    }
}

/// Delay compensation before measuring.
final class AudioAlignmentTests: XCTestCase {
    func testAlignmentUndoesAKnownDelay() {
        var generator = (0..<4000).map { Float(sin(Double($0) * 0.37) + 0.5 * sin(Double($0) * 0.011)) }
        let reference = generator
        generator.insert(contentsOf: [Float](repeating: 0, count: 7), at: 0)  // the estimate arrives 7 samples late
        let result = AudioQualityMetrics.aligned(estimate: Array(generator.prefix(4000)), reference: reference, maximumLag: 20)
        XCTAssertEqual(result.lag, 7)
        XCTAssertEqual(Array(result.samples[100..<200]), Array(reference[100..<200]))
        XCTAssertEqual(AudioQualityMetrics.aligned(estimate: reference, reference: reference, maximumLag: 20).lag, 0)
    }
}
