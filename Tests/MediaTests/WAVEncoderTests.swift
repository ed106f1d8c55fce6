import TestSupport
import Foundation
import Media
import XCTest

/// WAV writing: exact round trips in both sample formats, clipping, atomic output.
final class WAVEncoderTests: XCTestCase {
    func testPCM16RoundTripOfDecodedPCM16IsExact() throws {
        let clip = try AudioDecoder().decode(fixtureURL("audio/speech_16k.wav"))
        let url = try makeTemporaryDirectory().appendingPathComponent("copy.wav")
        try clip.writeWAV(to: url)
        XCTAssertEqual(try AudioDecoder().decode(url), clip)
        XCTAssertEqual(try AudioDecoder().info(of: url).encoding, "Signed 16 bit PCM")
        XCTAssertEqual(try Data(contentsOf: url).suffix(9600), try Data(contentsOf: fixtureURL("audio/speech_16k.wav")).suffix(9600))
    }

    func testFloat32KeepsEverySampleAndPCM16Clips() throws {
        let directory = try makeTemporaryDirectory()
        let clip = AudioClip(samples: [0, 0.1234567, -1, 1, 1.5, -2, 1e-9], sampleRate: 8000)
        let floatURL = directory.appendingPathComponent("float.wav")
        try clip.writeWAV(to: floatURL, format: .float32)
        XCTAssertEqual(try AudioDecoder().decode(floatURL), clip)
        XCTAssertEqual(try AudioDecoder().info(of: floatURL).encoding, "32 bit float")
        let pcmURL = directory.appendingPathComponent("pcm.wav")
        try clip.writeWAV(to: pcmURL, format: .pcm16)
        let expected: [Float] = [0, 4045 / 32768, -1, 32767 / 32768, 32767 / 32768, -1, 0]
        XCTAssertEqual(try AudioDecoder().decode(pcmURL).samples, expected)
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: directory.path)), ["float.wav", "pcm.wav"])
    }

    func testFailedWriteLeavesNoFile() throws {
        let directory = try makeTemporaryDirectory()
        let url = directory.appendingPathComponent("missing/out.wav")
        assertFormatError(try AudioClip(samples: [0], sampleRate: 8000).writeWAV(to: url), path: url.path)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [])
    }
}
