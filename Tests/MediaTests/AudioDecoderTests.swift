import TestSupport
import Formats
import Foundation
import Media
import XCTest

/// Audio decoding through libsndfile: formats, mixdown, limits and bad files.
final class AudioDecoderTests: XCTestCase {
    func testWAVAndFLACDecodeToTheSameSamples() throws {
        let wav = try AudioDecoder().decode(fixtureURL("audio/speech_16k.wav"))
        let flac = try AudioDecoder().decode(fixtureURL("audio/speech_16k.flac"))
        XCTAssertEqual(wav.sampleRate, 16000)
        XCTAssertEqual(wav.samples.count, 4800)
        XCTAssertEqual(flac, wav)
        // PCM16 sample s decodes to s / 32768 exactly.
        XCTAssertTrue(wav.samples.allSatisfy { ($0 * 32768).rounded() == $0 * 32768 })
        XCTAssertGreaterThan(wav.samples.map(abs).max() ?? 0, 0.1)
    }

    func testOggVorbisDecodesCloseToTheOriginal() throws {
        let wav = try AudioDecoder().decode(fixtureURL("audio/speech_16k.wav"))
        let ogg = try AudioDecoder().decode(fixtureURL("audio/speech_16k.ogg"))
        XCTAssertEqual(ogg.sampleRate, 16000)
        XCTAssertEqual(ogg.samples.count, wav.samples.count)
        XCTAssertGreaterThan(signalToNoise(ogg.samples, wav.samples), 10)
    }

    func testStereoIsMixedDownByAveraging() throws {
        let clip = try AudioDecoder().decode(fixtureURL("audio/stereo_16k.wav"))
        let expected = try fixtureFloats("audio/stereo_16k_mono.f32")
        XCTAssertEqual(clip.samples.count, expected.count)
        for (actual, wanted) in zip(clip.samples, expected) { XCTAssertEqual(actual, wanted, accuracy: 1e-7) }
    }

    func testInfoReportsTheStream() throws {
        let info = try AudioDecoder().info(of: fixtureURL("audio/stereo_16k.wav"))
        XCTAssertEqual(info, try AudioDecoder().info(of: fixtureURL("audio/stereo_16k.wav")))
        XCTAssertEqual([info.sampleRate, info.channels, info.frames], [16000, 2, 400])
        XCTAssertEqual(info.format, "WAV")
        XCTAssertEqual(info.encoding, "Signed 16 bit PCM")
        XCTAssertEqual(info.duration, 0.025, accuracy: 1e-12)
        XCTAssertEqual(try AudioDecoder().info(of: fixtureURL("audio/speech_16k.flac")).format, "FLAC")
        XCTAssertEqual(try AudioDecoder().info(of: fixtureURL("audio/speech_16k.ogg")).encoding, "Vorbis")
    }

    func testDecodingFromMemoryMatchesDecodingTheFile() throws {
        for name in ["speech_16k.wav", "speech_16k.flac", "speech_16k.ogg", "stereo_16k.wav"] {
            let url = try fixtureURL("audio/\(name)")
            let bytes = try [UInt8](Data(contentsOf: url))
            XCTAssertEqual(try AudioDecoder().decode(bytes: bytes, name: name, sampleRate: 24000),
                           try AudioDecoder().decode(url, sampleRate: 24000), name)
        }
    }

    func testFrameLimitRefusesLongFiles() throws {
        let url = try fixtureURL("audio/speech_16k.wav")
        XCTAssertNoThrow(try AudioDecoder(maximumFrames: 4800).decode(url))
        assertFormatError(try AudioDecoder(maximumFrames: 4799).decode(url), path: url.path, contains: "above the limit of 4799")
        assertFormatError(try AudioDecoder().decode(url, sampleRate: 0), path: url.path, contains: "cannot resample 16000 Hz to 0 Hz")
        assertFormatError(try AudioDecoder().decode(url, sampleRate: 1_000_003), path: url.path, contains: "to 1000003 Hz")
    }

    func testAdversarialAudioFilesThrowFormatErrors() throws {
        let cases = ["empty.wav": "empty file", "truncated.wav": "'data' chunk at byte 36 claims 2000 bytes but only 1156 follow",
                     "lying-size.wav": "claims 20000 bytes", "huge-header.wav": "claims 4294967280 bytes",
                     "bitflip.wav": "Format not recognised", "png-named.wav": "Format not recognised"]
        for (name, problem) in cases {
            let url = try fixtureURL("adversarial/\(name)")
            assertFormatError(try AudioDecoder().decode(url), path: url.path, contains: problem)
            assertFormatError(try AudioDecoder().info(of: url), path: url.path, contains: problem)
            let bytes = try [UInt8](Data(contentsOf: url))
            assertFormatError(try AudioDecoder().decode(bytes: bytes, name: name), path: name, contains: problem)
        }
    }

    func testCutOffFLACIsAnError() throws {
        let bytes = try [UInt8](Data(contentsOf: fixtureURL("audio/speech_16k.flac")))
        assertFormatError(try AudioDecoder().decode(bytes: Array(bytes.prefix(bytes.count / 2)), name: "half.flac"), path: "half.flac")
    }
}
