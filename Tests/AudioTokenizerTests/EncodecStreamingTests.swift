import AudioTokenizer
import Foundation
import Tensor
import XCTest

/// Chunked (streaming) coding against whole-signal coding on the reference fixture model (causal,
/// reflect padding, two LSTM layers) and real speech.
final class EncodecStreamingTests: XCTestCase {
    private func model() throws -> EncodecModel { try EncodecModel(contentsOf: EncodecFixture.directory) }

    /// Codes equal for chunks of 7 hops (the fewest allowed), for lengths that end on a chunk, mid-chunk and mid-hop,
    /// and for a signal shorter than one chunk.
    func testChunkedCodesEqualWholeSignalCodes() throws {
        let model = try model(), fixture = try EncodecFixture()
        let samples = try fixture.audio(clip: 0).toArray() + fixture.audio(clip: 1).toArray()  // 2 s at 24 kHz
        let chunkSeconds = Double(7 * model.config.hopLength) / Double(model.config.samplingRate)
        for length in [samples.count, 24000 + 3360, 24000 + 1000, 24000 + 1000 + 7, 1700] {
            let clip = Array(samples.prefix(length))
            let whole = try withoutGradient { try model.encode(Tensor(shape: [1, 1, length], values: clip), bandwidth: 0)[0] }
            let chunked = try model.encode(samples: clip, bandwidth: 0, chunkSeconds: chunkSeconds)
            XCTAssertEqual(chunked, whole, "length \(length)")
        }
    }

    /// Decoding in chunks of 7 frames gives the whole-signal samples.
    func testChunkedDecodeEqualsWholeDecode() throws {
        let model = try model(), fixture = try EncodecFixture()
        let codes = try fixture.codes(clip: 0, bandwidth: fixture.bandwidths.last!.name)
        let whole = try withoutGradient { try model.decode(codes: [codes]).toArray() }
        let chunkSeconds = 7 / Double(model.config.frameRate)
        let chunked = try model.decode(levels: codes, chunkSeconds: chunkSeconds)
        XCTAssertEqual(chunked.count, whole.count)
        XCTAssertLessThan(zip(chunked, whole).map { abs($0 - $1) }.max() ?? 1, 1e-5)
    }

    /// Pieces of any size pushed into the encoder give the same codes as one push.
    func testPushSizesDoNotMatter() throws {
        let model = try model(), fixture = try EncodecFixture()
        let samples = try fixture.audio(clip: 1).toArray()
        let reference = try model.encode(samples: samples, bandwidth: 0, chunkSeconds: 0.1)
        let encoder = EncodecStreamingEncoder(model: model, bandwidth: 0, chunkSeconds: 0.1)
        var pieces: [[[Int32]]] = []
        for start in stride(from: 0, to: samples.count, by: 999) {
            pieces.append(encoder.push(samples[start..<Swift.min(start + 999, samples.count)]))
        }
        pieces.append(encoder.finish())
        let joined = (0..<encoder.levels).map { level in pieces.flatMap { $0[level] } }
        XCTAssertEqual(joined, reference)
    }
}
