import TestSupport
import Foundation
import Media
import XCTest

/// Streaming resampling and decoding give exactly what whole-signal resampling and decoding give.
final class StreamingAudioTests: XCTestCase {
    func testStreamingResamplerMatchesWholeSignal() {
        let signal = (0..<10007).map { Float(sin(Double($0) * 0.013) + 0.3 * sin(Double($0) * 0.41)) }
        for (from, to) in [(24000, 16000), (16000, 24000), (44100, 16000), (8000, 16000)] {
            let whole = PolyphaseResampler(from: from, to: to).apply(signal)
            let streaming = StreamingResampler(from: from, to: to, inputCount: signal.count)
            var pieces: [Float] = []
            for start in stride(from: 0, to: signal.count, by: 997) {
                pieces += signal[start..<Swift.min(start + 997, signal.count)].withUnsafeBufferPointer { streaming.push($0) }
            }
            XCTAssertEqual(pieces, whole, "\(from) → \(to) Hz")
        }
    }

    func testStreamedDecodeEqualsWholeDecode() throws {
        let directory = try makeTemporaryDirectory()
        let url = directory.appendingPathComponent("long.wav")
        let samples = (0..<150_000).map { Float(sin(Double($0) * 0.02)) * 0.5 }  // more than two 65536-sample blocks
        try WAVEncoder.write(AudioClip(samples: samples, sampleRate: 24000), to: url)
        for rate in [24000, 16000] {
            var streamed: [Float] = []
            let result = try AudioDecoder().stream(url, sampleRate: rate) { streamed += $0 }
            XCTAssertEqual(result.sampleRate, rate)
            XCTAssertEqual(streamed, try AudioDecoder().decode(url, sampleRate: rate).samples)
        }
    }

    /// A WAV written in pieces equals one written at once.
    func testPiecewiseWAVEqualsWholeWAV() throws {
        let directory = try makeTemporaryDirectory()
        let samples = (0..<5000).map { Float($0 % 100) / 100 - 0.5 }
        let whole = directory.appendingPathComponent("whole.wav"), pieces = directory.appendingPathComponent("pieces.wav")
        try WAVEncoder.write(AudioClip(samples: samples, sampleRate: 16000), to: whole)
        try WAVEncoder.write(to: pieces, sampleRate: 16000) { append in
            for start in stride(from: 0, to: samples.count, by: 1234) { try append(Array(samples[start..<Swift.min(start + 1234, samples.count)])) }
        }
        XCTAssertEqual(try Data(contentsOf: whole), try Data(contentsOf: pieces))
    }
}
