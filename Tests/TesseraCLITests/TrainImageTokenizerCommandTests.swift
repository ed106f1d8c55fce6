import Foundation
import Media
import TestSupport
import XCTest

/// `tessera train-tokenizer image` end to end on the real drawings of the Janus fixture, then the
/// trained directory through `tokenize image` and `detokenize`.
final class TrainImageTokenizerCommandTests: XCTestCase {
    private let janus = CLIFixtures.testsDirectory.appendingPathComponent("ImageTokenizerTests/Fixtures/janus")

    /// A tiny geometry: 32×32 images, two levels of 32 channels, 16 codes of dimension 4.
    private func trainArguments(data: String, output: URL, steps: Int) -> [String] {
        ["train-tokenizer", "image", "--data", data, "-o", output.path, "--image-size", "32", "--base-channels", "32",
         "--channel-multiplier", "1,1", "--latent-channels", "32", "--embedding-dimension", "4", "--codebook-size", "16",
         "--steps", String(steps), "--batch-size", "2", "--k-means-images", "4", "--evaluation-interval", "2",
         "--evaluation-images", "4", "--checkpoint-interval", "2", "--threads", "1"]
    }

    func testTrainResumeTokenizeDetokenize() throws {
        let directory = try makeTemporaryDirectory()
        let tokenizer = directory.appendingPathComponent("tokenizer")
        let first = try Tessera.run(trainArguments(data: janus.path, output: tokenizer, steps: 2))
        XCTAssertEqual(first.status, 0, first.standardError)
        XCTAssert(first.standardError.contains("held-out PSNR"), first.standardError)
        assertDirectory(tokenizer, holds: ["checkpoint", "config.json", "model.safetensors", "reconstructions.png", "training.json"])

        let resumed = try Tessera.run(trainArguments(data: janus.path, output: tokenizer, steps: 4) + ["--resume", "--quiet"])
        XCTAssertEqual(resumed.status, 0, resumed.standardError)
        let record = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: tokenizer.appendingPathComponent("training.json"))) as? [String: Any])
        XCTAssertEqual(record["steps"] as? Int, 4)
        XCTAssertEqual((record["history"] as? [Any])?.count, 2, "evaluations at steps 2 and 4")

        let inputs = (0..<4).map { janus.appendingPathComponent("image-64-\($0).png").path }
        var tokenFiles: [Data] = []
        for workers in ["1", "2"] {
            let tokens = directory.appendingPathComponent("images-\(workers).tok")
            let result = try Tessera.run(["tokenize", "image"] + inputs + ["--size", "32", "--workers", workers,
                                                                           "--tokenizer", tokenizer.path, "-o", tokens.path])
            XCTAssertEqual(result.status, 0, result.standardError)
            tokenFiles.append(try Data(contentsOf: tokens))
        }
        XCTAssertEqual(tokenFiles[0], tokenFiles[1], "the token file must not depend on --workers")
        let output = directory.appendingPathComponent("out.png")
        let decoded = try Tessera.run(["detokenize", directory.appendingPathComponent("images-2.tok").path,
                                       "--tokenizer", tokenizer.path, "-o", output.path])
        XCTAssertEqual(decoded.status, 0, decoded.standardError)
        let image = try PNGDecoder().decode(directory.appendingPathComponent("out-3.png"))
        XCTAssertEqual([image.width, image.height], [32, 32])
    }

    func testMissingDataIsAOneLineError() throws {
        let directory = try makeTemporaryDirectory()
        let missing = directory.appendingPathComponent("nothing-here").path
        let result = try Tessera.run(trainArguments(data: missing, output: directory.appendingPathComponent("out"), steps: 2))
        assertOneLineError(result, path: missing, contains: "no such file or directory")
        assertDirectory(directory, holds: [])
    }

    func testCorruptImageInTheDataIsAOneLineError() throws {
        let directory = try makeTemporaryDirectory()
        let data = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: janus.appendingPathComponent("image-64-0.png"), to: data.appendingPathComponent("a.png"))
        let bytes = try Data(contentsOf: janus.appendingPathComponent("image-64-1.png"))
        try bytes.prefix(bytes.count / 3).write(to: data.appendingPathComponent("b.png"))
        let result = try Tessera.run(trainArguments(data: data.path, output: directory.appendingPathComponent("out"), steps: 2))
        assertOneLineError(result, path: data.appendingPathComponent("b.png").path, contains: "cut off or corrupt")
        assertDirectory(directory, holds: ["data"])
    }

    func testBadGeometryIsAUsageError() throws {
        let directory = try makeTemporaryDirectory()
        var arguments = trainArguments(data: janus.path, output: directory.appendingPathComponent("out"), steps: 2)
        arguments[arguments.firstIndex(of: "1,1")!] = "1,x"
        XCTAssertEqual(try Tessera.run(arguments).status, 2)
    }
}
