import TestSupport
import Foundation
import Media
import XCTest

/// `tessera tokenize image|audio` and `tessera detokenize` on the committed Janus and EnCodec fixture models.
final class ImageAudioCommandTests: XCTestCase {
    private let janus = CLIFixtures.testsDirectory.appendingPathComponent("ImageTokenizerTests/Fixtures/janus")
    private let encodec = CLIFixtures.testsDirectory.appendingPathComponent("AudioTokenizerTests/Fixtures/encodec")

    /// The `tokens show --json` segments of `tokens`.
    private func segments(_ tokens: URL) throws -> [[String: Any]] {
        let result = try Tessera.run(["tokens", "show", tokens.path, "--json"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        return try XCTUnwrap(object["segments"] as? [[String: Any]])
    }

    /// The fixture's expected.json in `directory`.
    private func expected(_ directory: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent("expected.json"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func testImageRoundTrip() throws {
        let directory = try makeTemporaryDirectory()
        let tokens = directory.appendingPathComponent("images.tok"), output = directory.appendingPathComponent("out.png")
        let inputs = ["image-64-0.png", "image-64-1.png"].map { janus.appendingPathComponent($0).path }
        let encoded = try Tessera.run(["tokenize", "image"] + inputs + ["--tokenizer", janus.path, "-o", tokens.path])
        XCTAssertEqual(encoded.status, 0, encoded.standardError)

        let resolution = try XCTUnwrap((try expected(janus)["resolutions"] as? [String: Any])?["64"] as? [String: Any])
        let codes = try XCTUnwrap(resolution["codes"] as? [[Int]])
        let shown = try segments(tokens)
        XCTAssertEqual(shown.count, 2)
        for (segment, reference) in zip(shown, codes) {
            XCTAssertEqual(segment["modality"] as? String, "image")
            XCTAssertEqual(segment["shape"] as? [Int], [4, 4])
            XCTAssertEqual(segment["codes"] as? [Int], reference)
        }

        let decoded = try Tessera.run(["detokenize", tokens.path, "--tokenizer", janus.path, "-o", output.path])
        XCTAssertEqual(decoded.status, 0, decoded.standardError)
        assertDirectory(directory, holds: ["images.tok", "out-0.png", "out-1.png"])
        for index in 0..<2 {
            let image = try PNGDecoder().decode(directory.appendingPathComponent("out-\(index).png"))
            XCTAssertEqual([image.width, image.height], [64, 64])
        }
    }

    func testImageSizeOptionCropsAndResizes() throws {
        let directory = try makeTemporaryDirectory()
        let tokens = directory.appendingPathComponent("a.tok"), output = directory.appendingPathComponent("a.png")
        let input = janus.appendingPathComponent("image-128-0.png").path
        XCTAssertEqual(try Tessera.run(["tokenize", "image", input, "--size", "64", "--tokenizer", janus.path, "-o", tokens.path]).status, 0)
        XCTAssertEqual(try segments(tokens).first?["shape"] as? [Int], [4, 4])
        XCTAssertEqual(try Tessera.run(["detokenize", tokens.path, "--tokenizer", janus.path, "-o", output.path]).status, 0)
        let image = try PNGDecoder().decode(output)
        XCTAssertEqual([image.width, image.height], [64, 64])
    }

    func testAudioRoundTrip() throws {
        let directory = try makeTemporaryDirectory()
        let tokens = directory.appendingPathComponent("speech.tok"), output = directory.appendingPathComponent("speech.wav")
        let input = encodec.appendingPathComponent("speech-0.wav").path
        let encoded = try Tessera.run(["tokenize", "audio", input, "--tokenizer", encodec.path, "--bandwidth", "0.3", "-o", tokens.path])
        XCTAssertEqual(encoded.status, 0, encoded.standardError)

        let clip = try XCTUnwrap((try expected(encodec)["clips"] as? [[String: Any]])?.first)
        let reference = try XCTUnwrap(((clip["bandwidths"] as? [String: Any])?["0.3"] as? [String: Any])?["codes"] as? [[Int]])
        let segment = try XCTUnwrap(try segments(tokens).first)
        XCTAssertEqual(segment["modality"] as? String, "audio")
        XCTAssertEqual(segment["shape"] as? [Int], [1, 50])
        XCTAssertEqual(segment["codes"] as? [Int], reference.flatMap { $0 })

        let decoded = try Tessera.run(["detokenize", tokens.path, "--tokenizer", encodec.path, "-o", output.path])
        XCTAssertEqual(decoded.status, 0, decoded.standardError)
        let audio = try AudioDecoder().decode(output)
        XCTAssertEqual(audio.sampleRate, 24000)
        XCTAssertEqual(audio.samples.count, 24000)
    }

    func testImageThatDoesNotFitWithoutSizeIsRefused() throws {
        let directory = try makeTemporaryDirectory()
        let small = directory.appendingPathComponent("small.png")
        try RGBImage(width: 50, height: 50, pixels: [UInt8](repeating: 128, count: 50 * 50 * 3)).writePNG(to: small)
        try assertTokenizeRefused("image", small, tokenizer: janus,
                                  contains: "the image is 50×50, but both sides must be multiples of 16; give --size N")
    }

    func testTruncatedPNGIsRefused() throws {
        let directory = try makeTemporaryDirectory()
        let truncated = directory.appendingPathComponent("cut.png")
        let bytes = try Data(contentsOf: janus.appendingPathComponent("image-64-0.png"))
        try bytes.prefix(bytes.count / 2).write(to: truncated)
        try assertTokenizeRefused("image", truncated, tokenizer: janus, contains: "cut off or corrupt")
    }

    func testTokenFileFromAnotherTokenizerIsRefused() throws {
        let directory = try makeTemporaryDirectory()
        // Another tokenizer: the same weights with a space-padded safetensors header, so a different checksum.
        let other = directory.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: janus.appendingPathComponent("config.json"), to: other.appendingPathComponent("config.json"))
        let weights = try Data(contentsOf: janus.appendingPathComponent("model.safetensors"))
        let headerSize = Int(weights.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        var padded = Data(withUnsafeBytes(of: UInt64(headerSize + 8).littleEndian) { Array($0) })
        padded += weights[8..<(8 + headerSize)] + Data(repeating: 0x20, count: 8) + weights[(8 + headerSize)...]
        try padded.write(to: other.appendingPathComponent("model.safetensors"))

        let tokens = directory.appendingPathComponent("a.tok"), output = directory.appendingPathComponent("a.png")
        let input = janus.appendingPathComponent("image-64-0.png").path
        XCTAssertEqual(try Tessera.run(["tokenize", "image", input, "--tokenizer", other.path, "-o", tokens.path]).status, 0)
        let result = try Tessera.run(["detokenize", tokens.path, "--tokenizer", janus.path, "-o", output.path])
        assertOneLineError(result, path: tokens.path, contains: "was made with a different tokenizer")
        assertDirectory(directory, holds: ["a.tok", "other"])
    }
}
