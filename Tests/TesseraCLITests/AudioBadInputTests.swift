import TestSupport
import Formats
import Foundation
import Media
import XCTest

/// `tessera tokenize audio` / `detokenize` on awkward audio and bad token files, with the EnCodec
/// fixture model (24 kHz, hop 480, 8 levels of 64 codes, reflect padding).
final class AudioBadInputTests: XCTestCase {
    private let encodec = CLIFixtures.testsDirectory.appendingPathComponent("AudioTokenizerTests/Fixtures/encodec")

    /// Tokenizes `samples` (written as a float WAV at `rate`), decodes the tokens, and returns the
    /// token shape and the decoded clip.
    private func roundTrip(_ samples: [Float], rate: Int = 24000) throws -> (shape: [Int], decoded: AudioClip) {
        let directory = try makeTemporaryDirectory()
        let input = directory.appendingPathComponent("in.wav"), tokens = directory.appendingPathComponent("in.tok")
        let output = directory.appendingPathComponent("out.wav")
        try WAVEncoder.write(AudioClip(samples: samples, sampleRate: rate), to: input, format: .float32)
        let encoded = try Tessera.run(["tokenize", "audio", input.path, "--tokenizer", encodec.path, "-o", tokens.path])
        XCTAssertEqual(encoded.status, 0, encoded.standardError)
        let decoded = try Tessera.run(["detokenize", tokens.path, "--tokenizer", encodec.path, "-o", output.path])
        XCTAssertEqual(decoded.status, 0, decoded.standardError)
        let file = try TokenFile(contentsOf: tokens)
        return (file.segments[0].shape, try AudioDecoder().decode(output))
    }

    func testSilenceCodesAndDecodes() throws {
        let (shape, decoded) = try roundTrip([Float](repeating: 0, count: 24000))
        XCTAssertEqual(shape, [8, 50])
        XCTAssertEqual(decoded.samples.count, 24000)
        XCTAssertTrue(decoded.samples.allSatisfy { $0.isFinite })
    }

    /// Samples far beyond ±1 (a float WAV that clips) still code; the decoded WAV is 16-bit, so clipped.
    func testClippedAudioCodesAndDecodes() throws {
        let loud = (0..<24000).map { 4 * sin(Float($0) * 0.05) }
        let (shape, decoded) = try roundTrip(loud)
        XCTAssertEqual(shape, [8, 50])
        XCTAssertTrue(decoded.samples.allSatisfy { $0 >= -1 && $0 <= 1 })
    }

    /// One sample makes one frame, which decodes to one hop of audio.
    func testOneSampleFileMakesOneFrame() throws {
        let (shape, decoded) = try roundTrip([0.25])
        XCTAssertEqual(shape, [8, 1])
        XCTAssertEqual(decoded.samples.count, 480)
    }

    /// A 16 kHz file longer than one chunk is resampled, coded and decoded in pieces with the right
    /// frame and sample counts (that the pieces equal whole-signal coding is shown by
    /// EncodecStreamingTests and StreamingAudioTests).
    func testLongFileIsCodedInChunks() throws {
        let speech = try AudioDecoder().decode(encodec.appendingPathComponent("speech-0.wav"), sampleRate: 16000).samples
        let long = Array((0..<6).map { _ in speech }.joined())  // 6 s: one and a half 4 s chunks
        let (shape, decoded) = try roundTrip(long, rate: 16000)
        XCTAssertEqual(shape, [8, 300])
        XCTAssertEqual(decoded.samples.count, 144000)
    }

    func testEmptyFileIsRefused() throws {
        let directory = try makeTemporaryDirectory()
        let input = directory.appendingPathComponent("empty.wav")
        try WAVEncoder.write(AudioClip(samples: [], sampleRate: 24000), to: input)
        try assertTokenizeRefused("audio", input, tokenizer: encodec, contains: "the audio is empty")
    }

    /// A token file with more levels than the model has (9 for 8) is refused with one line and
    /// no output, even when its first segment is fine.
    func testTokenFileWithTooManyLevelsIsRefused() throws {
        let directory = try makeTemporaryDirectory()
        let tokens = directory.appendingPathComponent("bad.tok"), output = directory.appendingPathComponent("out.wav")
        let checksum = SHA256.hash(try Data(contentsOf: encodec.appendingPathComponent("model.safetensors")))
        let good = TokenSegment(modality: .audio, shape: [2, 5], codebookSize: 64, codes: Array(repeating: 3, count: 10))
        let bad = TokenSegment(modality: .audio, shape: [9, 5], codebookSize: 64, codes: Array(repeating: 3, count: 45))
        try TokenFile(segments: [good, bad], vocabularyChecksum: checksum).write(to: tokens)
        let result = try Tessera.run(["detokenize", tokens.path, "--tokenizer", encodec.path, "-o", output.path])
        assertOneLineError(result, path: tokens.path, contains: "segment 1: 9 levels, but the model has 1 to 8")
        assertDirectory(directory, holds: ["bad.tok"])
    }
}
