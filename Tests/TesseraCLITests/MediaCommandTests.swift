import TestSupport
import Foundation
import Media
import XCTest

/// `tessera media info` and `tessera media convert` from the command line, including every
/// file of the adversarial corpus.
final class MediaCommandTests: XCTestCase {
    /// Tests/MediaTests/Fixtures in this checkout.
    private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("MediaTests/Fixtures")

    func testInfoDescribesImagesAndAudio() throws {
        let png = fixtures.appendingPathComponent("png/palette8_trns.png").path
        let text = try Tessera.run(["media", "info", png])
        XCTAssertEqual(text.status, 0, text.standardError)
        XCTAssertEqual(text.standardOutput, "\(png): PNG image, 7×5, palette RGBA\n")

        let wav = fixtures.appendingPathComponent("audio/stereo_16k.wav").path
        let result = try Tessera.run(["media", "info", wav, "--json"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        XCTAssertEqual(object["kind"] as? String, "audio")
        XCTAssertEqual(object["format"] as? String, "WAV")
        XCTAssertEqual(object["sample_rate"] as? Int, 16000)
        XCTAssertEqual(object["channels"] as? Int, 2)
        XCTAssertEqual(object["frames"] as? Int, 400)
        XCTAssertEqual(try XCTUnwrap(object["duration"] as? Double), 0.025, accuracy: 1e-9)
    }

    func testConvertingPNGToPNGAtTheSameSizeIsPixelExact() throws {
        let directory = try makeTemporaryDirectory()
        let names = try FileManager.default.contentsOfDirectory(atPath: fixtures.appendingPathComponent("png").path)
            .filter { $0.hasSuffix(".png") }
        XCTAssertGreaterThanOrEqual(names.count, 20)
        for name in names {
            let input = fixtures.appendingPathComponent("png/\(name)"), output = directory.appendingPathComponent(name)
            let result = try Tessera.run(["media", "convert", input.path, output.path])
            XCTAssertEqual(result.status, 0, result.standardError)
            XCTAssertEqual(try PNGDecoder().decode(output), try PNGDecoder().decode(input), name)
        }
    }

    func testConvertResizesImagesAndResamplesAudio() throws {
        let directory = try makeTemporaryDirectory()
        let input = fixtures.appendingPathComponent("resize/box_37x23_to_16x10_source.png")
        let square = directory.appendingPathComponent("square.png")
        XCTAssertEqual(try Tessera.run(["media", "convert", input.path, square.path, "--size", "16"]).status, 0)
        XCTAssertEqual(try PNGDecoder().decode(square), try PNGDecoder().decode(input).centerCroppedToSquare(size: 16))

        let speech = fixtures.appendingPathComponent("audio/speech_44k.wav")
        let wav = directory.appendingPathComponent("speech.wav")
        let result = try Tessera.run(["media", "convert", speech.path, wav.path, "--sample-rate", "16000", "--float32"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let info = try AudioDecoder().info(of: wav)
        XCTAssertEqual([info.sampleRate, info.channels, info.frames], [16000, 1, 4800])
        XCTAssertEqual(info.encoding, "32 bit float")
        XCTAssertEqual(try AudioDecoder().decode(wav), try AudioDecoder().decode(speech, sampleRate: 16000))
    }

    func testEveryAdversarialFileIsOneErrorLineAndNoOutput() throws {
        let corpus = fixtures.appendingPathComponent("adversarial")
        let names = try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter { $0 != "README.txt" }.sorted()
        XCTAssertEqual(names.count, 11)
        let directory = try makeTemporaryDirectory()
        for name in names {
            let path = corpus.appendingPathComponent(name).path
            let output = directory.appendingPathComponent(name.hasSuffix(".png") ? "out.png" : "out.wav")
            for arguments in [["media", "info", path], ["media", "info", path, "--json"], ["media", "convert", path, output.path]] {
                let result = try Tessera.run(arguments)
                XCTAssertEqual(result.status, 1, "\(arguments): \(result.standardError)")
                XCTAssertTrue(result.standardOutput.isEmpty, result.standardOutput)
                XCTAssertTrue(result.standardError.hasPrefix("tessera: error: \(path): "), result.standardError)
                XCTAssertTrue(result.standardError.hasSuffix("\n"), result.standardError)
                XCTAssertEqual(result.standardError.filter { $0 == "\n" }.count, 1, result.standardError)
            }
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [], name)
        }
    }

    func testMismatchedKindsAndUnknownOutputsAreErrors() throws {
        let directory = try makeTemporaryDirectory()
        let png = fixtures.appendingPathComponent("png/rgb8.png").path
        let wav = fixtures.appendingPathComponent("audio/speech_16k.wav").path
        for (input, output, problem) in [(png, "out.wav", "cannot convert image to audio"),
                                         (wav, "out.png", "cannot convert audio to image"),
                                         (wav, "out.mp3", "cannot write '.mp3' files")] {
            let result = try Tessera.run(["media", "convert", input, directory.appendingPathComponent(output).path])
            XCTAssertEqual(result.status, 1)
            XCTAssertTrue(result.standardError.hasPrefix("tessera: error: ") && result.standardError.contains(problem), result.standardError)
        }
        let missing = directory.appendingPathComponent("missing.wav").path
        let result = try Tessera.run(["media", "info", missing])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.standardError, "tessera: error: \(missing): cannot open: No such file or directory\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [])
    }

    func testOptionsThatDoNotFitTheOutputAreUsageErrors() throws {
        let png = fixtures.appendingPathComponent("png/rgb8.png").path
        let wav = fixtures.appendingPathComponent("audio/speech_16k.wav").path
        for arguments in [["media", "convert", wav, "/tmp/never.wav", "--size", "8"],
                          ["media", "convert", png, "/tmp/never.png", "--sample-rate", "8000"],
                          ["media", "convert", png, "/tmp/never.png", "--size", "0"],
                          ["media", "info"]] {
            let result = try Tessera.run(arguments)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.standardError)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/never.wav"))
    }
}
