import TestSupport
import Foundation
import XCTest

/// `tessera vocab build|show|extend` and token files under a vocabulary.
final class VocabCommandTests: XCTestCase {
    func testBuildThenShow() throws {
        let directory = try makeTemporaryDirectory()
        let vocab = directory.appendingPathComponent("v.json")
        try CLIFixtures.buildVocabulary(at: vocab)
        let shown = try Tessera.run(["vocab", "show", vocab.path])
        XCTAssertEqual(shown.status, 0, shown.standardError)
        XCTAssertTrue(shown.standardOutput.contains("1373 ids"), shown.standardOutput)
        XCTAssertTrue(shown.standardOutput.contains("image   605..<861"), shown.standardOutput)
        XCTAssertTrue(shown.standardOutput.contains("audio 7 1309..<1373"), shown.standardOutput)
        let json = try Tessera.run(["vocab", "show", vocab.path, "--json"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        XCTAssertEqual(object["vocab_size"] as? Int, 1373)
        XCTAssertEqual((object["sha256"] as? String)?.count, 64)
        let image = try XCTUnwrap(object["image"] as? [String: Any])
        XCTAssertEqual(image["grid"] as? [Int], [4, 4])
        // Stored relative to the spec's folder: resolving it there names the fixture.
        let stored = try XCTUnwrap(image["tokenizer"] as? String)
        XCTAssertFalse(stored.hasPrefix("/"), stored)
        XCTAssertEqual(directory.appendingPathComponent(stored).standardizedFileURL.path,
                       CLIFixtures.janus.standardizedFileURL.path)
        assertDirectory(directory, holds: ["v.json"])
    }

    func testBadInputsFailInOneLine() throws {
        let directory = try makeTemporaryDirectory()
        let vocab = directory.appendingPathComponent("v.json")
        let missing = directory.appendingPathComponent("none")
        assertOneLineError(try Tessera.run(["vocab", "build", "--text", CLIFixtures.text("unigram.model").path, "--image", missing.path,
                                            "-o", vocab.path]), path: missing.appendingPathComponent("config.json").path, contains: "cannot read")
        try Data("{\"format\": \"tessera-vocab\"}".utf8).write(to: vocab)
        assertOneLineError(try Tessera.run(["vocab", "show", vocab.path]), path: vocab.path, contains: "not a vocab spec: missing key")
        assertDirectory(directory, holds: ["v.json"])
    }

    func testTokenFileFromAnotherVocabularyIsRefused() throws {
        let directory = try makeTemporaryDirectory()
        let (first, second) = (directory.appendingPathComponent("a.json"), directory.appendingPathComponent("b.json"))
        try CLIFixtures.buildVocabulary(at: first)
        try CLIFixtures.buildVocabulary(at: second, ["--end-of-row"])
        let tokens = directory.appendingPathComponent("t.tok")
        let made = try Tessera.run(["tokenize", "image", CLIFixtures.janus.appendingPathComponent("image-64-0.png").path,
                                    "--tokenizer", CLIFixtures.janus.path, "--vocab", first.path, "-o", tokens.path])
        XCTAssertEqual(made.status, 0, made.standardError)
        let shown = try Tessera.run(["tokens", "show", tokens.path, "--json", "--vocab", first.path])
        XCTAssertTrue(shown.standardOutput.contains("\"codes\":[122,105,") && shown.standardOutput.contains("\"ids\":[727,710,"), shown.standardOutput)  // image ids start at 605
        assertOneLineError(try Tessera.run(["tokens", "show", tokens.path, "--vocab", second.path]), path: tokens.path,
                           contains: "was made under another vocabulary")
        let image = directory.appendingPathComponent("t.png")
        assertOneLineError(try Tessera.run(["detokenize", tokens.path, "--tokenizer", CLIFixtures.janus.path, "--vocab", second.path,
                                            "-o", image.path]), path: tokens.path, contains: "was made under another vocabulary")
        let decoded = try Tessera.run(["detokenize", tokens.path, "--tokenizer", CLIFixtures.janus.path, "--vocab", first.path, "-o", image.path])
        XCTAssertEqual(decoded.status, 0, decoded.standardError)
    }

    func testExtendResizesTheEmbeddingAndHead() throws {
        let directory = try makeTemporaryDirectory()
        let vocab = directory.appendingPathComponent("v.json"), output = directory.appendingPathComponent("extended")
        try CLIFixtures.buildVocabulary(at: vocab)
        let model = CLIFixtures.testsDirectory.appendingPathComponent("TesseraCLITests/Fixtures/llama-tiny")
        let result = try Tessera.run(["vocab", "extend", "--model", model.path, "--vocab", vocab.path, "-o", output.path])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardError.contains("lm_head.weight, model.embed_tokens.weight resized from 600 to 1373 rows"),
                      result.standardError)
        assertDirectory(output, holds: ["config.json", "model.safetensors"])
        let config = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("config.json")))
            as? [String: Any])
        XCTAssertEqual(config["vocab_size"] as? Int, 1373)
        // A model whose vocabulary is not the spec's text model is refused.
        assertOneLineError(try Tessera.run(["vocab", "extend", "--model", output.path, "--vocab", vocab.path,
                                            "-o", directory.appendingPathComponent("again").path]),
                           path: output.appendingPathComponent("config.json").path, contains: "vocab_size is 1373")
    }
}
