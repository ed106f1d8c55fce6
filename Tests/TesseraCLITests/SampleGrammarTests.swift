import Formats
import Foundation
import XCTest

/// `tessera sample --vocab`: the grammar holds at every temperature, with and without guidance.
final class SampleGrammarTests: XCTestCase {
    /// The fixture vocabulary's layout (tools: `tessera vocab show`): 600 text pieces, 16 image
    /// codes per 4×4 grid, 2 audio levels.
    private func vocabulary(_ directory: URL) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("v.json"))) as? [String: Any])
    }

    func sample(_ directory: URL, _ extra: [String], model: String = "base") throws -> [Int] {
        let result = try Tessera.run(["sample", "--model", directory.appendingPathComponent(model).path, "--vocab",
                                      directory.appendingPathComponent("v.json").path, "--ids", "1 300 301", "--json"] + extra)
        XCTAssertEqual(result.status, 0, result.standardError)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: [Int]])
        return try XCTUnwrap(object["ids"])
    }

    func testImagesAlwaysDecodeAtAnyTemperatureWithGuidance() throws {
        let directory = try LMWorkspace.make(self)
        for (temperature, cfg) in [("0.3", "3"), ("1", "1.5"), ("10", "5")] {
            let output = directory.appendingPathComponent("image-\(temperature)")
            let ids = try sample(directory, ["--generate", "image", "--cfg", cfg, "--temperature", temperature, "--max-new", "40",
                                             "-o", output.path])
            XCTAssertEqual(ids.count, 1 + 16 + 1 + 1, "<boi> 4×4 codes <eoi> <eos>")
            assertDirectory(output, holds: ["image-0.png", "sample.tok"])
        }
    }

    /// Every audio id is a code of the level its position calls for; when `--max-new` runs out the
    /// clip closes at the last whole frame (`<eoa>` `<eos>`) and still decodes.
    func testAudioFramesCarryTheirLevelsInOrderAndTheBudgetClosesTheClip() throws {
        let directory = try LMWorkspace.make(self)
        let spec = try vocabulary(directory)
        let levels = try XCTUnwrap((spec["audio"] as? [String: Any])?["level_ids"] as? [[String: Int]])
        let specials = try XCTUnwrap(spec["special_tokens"] as? [[String: Any]])
        let closing = try ["<eoa>", "<eos>"].map { name in try XCTUnwrap(specials.first { $0["token"] as? String == name }?["id"] as? Int) }
        for temperature in ["0.5", "20"] {
            let output = directory.appendingPathComponent("audio-\(temperature)")
            let ids = try sample(directory, ["--generate", "audio", "--temperature", temperature, "--max-new", "30", "--cfg", "2",
                                             "-o", output.path])
            XCTAssertEqual(Array(ids.suffix(2)), closing, "\(ids)")
            XCTAssertGreaterThan(ids.count, 30 - levels.count - 2, "only the last, incomplete frame is left out")
            for (position, id) in ids.dropFirst().dropLast(2).enumerated() {
                let level = levels[position % levels.count]
                let endsFrame = position > 0 && position % levels.count == 0
                XCTAssert((level["first"]!..<level["first"]! + level["count"]!).contains(id) || endsFrame, "id \(id) at \(position)")
            }
            assertDirectory(output, holds: ["audio-0.wav", "sample.tok"])
        }
    }

    func testTextNeverEmitsCodes() throws {
        let directory = try LMWorkspace.make(self)
        let ids = try sample(directory, ["--generate", "text", "--temperature", "50", "--max-new", "60", "--ignore-eos"])
        XCTAssert(ids.allSatisfy { $0 < 600 }, "\(ids)")
    }
}

/// Per-modality sampling settings.
extension SampleGrammarTests {
    /// An image top-k of 1 makes the image codes the same for every seed, while the
    /// global temperature stays high. (The extended base's new rows are all alike, so the model
    /// first trains a few steps to tell the codes apart.)
    func testImageTopKAppliesInsideImageSegments() throws {
        let directory = try LMWorkspace.make(self)
        let train = try Tessera.run(["train", "--model", directory.appendingPathComponent("base").path, "--data",
                                     directory.appendingPathComponent("shard").path, "-o", directory.appendingPathComponent("trained").path,
                                     "--steps", "10", "--batch-size", "4", "--sequence-length", "64", "--learning-rate", "1e-2",
                                     "--warmup-steps", "1", "--threads", "1", "--quiet"])
        XCTAssertEqual(train.status, 0, train.standardError)
        let samples = try ["1", "2", "3"].map { seed in
            try sample(directory, ["--generate", "image", "--temperature", "50", "--image-top-k", "1", "--max-new", "20",
                                   "--seed", seed], model: "trained")
        }
        XCTAssertEqual(samples[0], samples[1])
        XCTAssertEqual(samples[1], samples[2])
    }
}

/// The grammar with `<eol>` rows.
extension SampleGrammarTests {
    /// With `--end-of-row`, a sampled image is `<boi>`, four rows of four codes each closed by
    /// `<eol>`, then `<eoi>`, and still decodes.
    func testRowsEndWithEndOfRow() throws {
        let directory = try makeTemporaryDirectory()
        let vocabulary = directory.appendingPathComponent("v.json")
        try CLIFixtures.buildVocabulary(at: vocabulary, ["--bandwidth", "0.6", "--end-of-row"])
        let tiny = CLIFixtures.testsDirectory.appendingPathComponent("TesseraCLITests/Fixtures/llama-tiny")
        let extend = try Tessera.run(["vocab", "extend", "--model", tiny.path, "--vocab", vocabulary.path, "-o", directory.appendingPathComponent("base").path])
        XCTAssertEqual(extend.status, 0, extend.standardError)
        let spec = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: vocabulary)) as? [String: Any])
        let specials = try XCTUnwrap(spec["special_tokens"] as? [[String: Any]])
        let endOfRow = try XCTUnwrap(specials.first { $0["token"] as? String == "<eol>" }?["id"] as? Int)
        let output = directory.appendingPathComponent("out")
        let ids = try sample(directory, ["--generate", "image", "--temperature", "5", "--max-new", "30", "-o", output.path])
        XCTAssertEqual(ids.count, 1 + 4 * 5 + 1 + 1)
        XCTAssertEqual((0..<4).map { ids[1 + 5 * $0 + 4] }, Array(repeating: endOfRow, count: 4))
        XCTAssertEqual(ids.filter { $0 == endOfRow }.count, 4)
        assertDirectory(output, holds: ["image-0.png", "sample.tok"])
    }
}

/// Prompts made from media.
extension SampleGrammarTests {
    func testPromptFromTextAndImage() throws {
        let directory = try LMWorkspace.make(self)
        let base = ["sample", "--model", directory.appendingPathComponent("base").path, "--vocab", directory.appendingPathComponent("v.json").path,
                    "--prompt", "a drawing of", "--max-new", "19", "--generate", "image", "--cfg", "2", "--json"]
        let result = try Tessera.run(base + ["--image", directory.appendingPathComponent("media/image-64-0.png").path])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssert(result.standardOutput.hasPrefix("{\"ids\":[601,"), result.standardOutput)
        let missing = directory.appendingPathComponent("media/none.png")
        assertOneLineError(try Tessera.run(base + ["--image", missing.path]), path: missing.path, contains: "No such file or directory")
    }
}

/// `sample -o` with a tokenizer it cannot load.
extension SampleGrammarTests {
    /// A vocab spec moved away from its tokenizers (relative paths) samples, fails to decode, and
    /// leaves no file behind: not even `sample.tok`.
    func testAMissingTokenizerLeavesNoOutputFiles() throws {
        let directory = try LMWorkspace.make(self)
        let moved = directory.appendingPathComponent("moved/v.json")
        try FileManager.default.createDirectory(at: moved.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: directory.appendingPathComponent("v.json"), to: moved)
        let output = directory.appendingPathComponent("out")
        let result = try Tessera.run(["sample", "--model", directory.appendingPathComponent("base").path, "--vocab", moved.path,
                                      "--ids", "1 300 301", "--generate", "image", "-o", output.path])
        XCTAssertEqual(result.status, 1, result.standardError)
        XCTAssertEqual(result.standardError.split(separator: "\n").count, 1, result.standardError)
        XCTAssertEqual((try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? [], [])
    }

    /// A `--max-new` too small for one image is one line naming the model, before sampling.
    func testABudgetTooSmallForTheSegmentIsOneLine() throws {
        let directory = try LMWorkspace.make(self)
        let model = directory.appendingPathComponent("base")
        let result = try Tessera.run(["sample", "--model", model.path, "--vocab", directory.appendingPathComponent("v.json").path,
                                      "--ids", "1 300 301", "--generate", "image", "--max-new", "5"])
        assertOneLineError(result, path: model.path, contains: "one image segment needs 19")
    }
}
