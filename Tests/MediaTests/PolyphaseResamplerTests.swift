import Foundation
import Media
import XCTest

/// Resampling against `scipy.signal.resample_poly` on real speech.
final class PolyphaseResamplerTests: XCTestCase {
    func testMatchesResamplePolyAbove60dB() throws {
        let manifest = try fixtureJSON("audio/manifest.json")
        let cases = try XCTUnwrap(manifest["resampled"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 4)
        for entry in cases {
            let source = try XCTUnwrap(entry["source"] as? String), rate = try XCTUnwrap(entry["rate"] as? Int)
            let reference = try fixtureFloats("audio/\(try XCTUnwrap(entry["reference"] as? String))")
            let clip = try AudioDecoder().decode(fixtureURL("audio/\(source)"), sampleRate: rate)
            XCTAssertEqual(clip.sampleRate, rate)
            XCTAssertEqual(clip.samples.count, reference.count, "\(source) → \(rate)")
            let snr = signalToNoise(clip.samples, reference)
            XCTAssertGreaterThan(snr, 60, "\(source) → \(rate): \(snr) dB")
            print("resample \(source) → \(rate) Hz: \(String(format: "%.1f", snr)) dB SNR against resample_poly")
        }
    }

    func testRatesReduceAndLengthsRoundUp() {
        let resampler = PolyphaseResampler(from: 44100, to: 16000)
        XCTAssertEqual([resampler.up, resampler.down], [160, 441])
        XCTAssertEqual(resampler.outputCount(forInputCount: 1000), 363)  // ⌈1000 · 160 / 441⌉
        XCTAssertEqual(resampler.apply([Float](repeating: 0.5, count: 1000)).count, 363)
        XCTAssertEqual(PolyphaseResampler(from: 8000, to: 8000).apply([1, 2, 3]), [1, 2, 3])
        XCTAssertTrue(PolyphaseResampler.canResample(from: 44056, to: 16000))
        XCTAssertFalse(PolyphaseResampler.canResample(from: Int(Int32.max), to: 16000))
        XCTAssertFalse(PolyphaseResampler.canResample(from: 16000, to: 0))
    }

    func testConstantSignalKeepsItsLevelAwayFromTheEdges() {
        let output = PolyphaseResampler(from: 16000, to: 24000).apply([Float](repeating: 0.25, count: 2000))
        // The Kaiser design's passband ripple leaves each phase's gain within 0.1 % of 1.
        let worst = output[200..<2800].map { abs($0 - 0.25) }.max() ?? 1
        XCTAssertLessThan(worst, 0.25e-3)
    }
}
