import TestSupport
import Foundation
import XCTest

/// `tessera tokenize text`, `detokenize`, `tokens show` and `train-tokenizer text` end to end.
final class TextCommandTests: XCTestCase {
    private struct ExpectedModel: Decodable {
        struct Case: Decodable {
            let text: String
            let ids: [Int]
        }

        let options: [String: JSONAny]
        let cases: [Case]
    }

    /// Any JSON value (the options are only passed through).
    private struct JSONAny: Decodable {}

    private func expectedModel(_ name: String) throws -> ExpectedModel {
        struct File: Decodable { let models: [String: ExpectedModel] }
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: CLIFixtures.text("expected.json")))
        return try XCTUnwrap(file.models[name])
    }

    func testTokenizeThenShowPrintsPythonsIdsAsExactJSON() throws {
        let directory = try makeTemporaryDirectory()
        let output = directory.appendingPathComponent("hello.tok")
        let expected = try XCTUnwrap(expectedModel("unigram").cases.first { $0.text == "Hello, world!" })
        let tokenize = try Tessera.run(["tokenize", "text", "Hello, world!", "--tokenizer", CLIFixtures.text("unigram.model").path,
                                        "-o", output.path])
        XCTAssertEqual(tokenize.status, 0, tokenize.standardError)
        let show = try Tessera.run(["tokens", "show", output.path, "--json"])
        XCTAssertEqual(show.status, 0, show.standardError)
        let codes = expected.ids.map(String.init).joined(separator: ",")
        XCTAssertEqual(show.standardOutput, "{\"segments\":[{\"modality\":\"text\",\"shape\":[\(expected.ids.count)],\"codes\":[\(codes)]}]}\n")
    }

    func testFileRoundTripsThroughTokenizeAndDetokenize() throws {
        let directory = try makeTemporaryDirectory()
        let text = "Alle Menschen sind frei und gleich an Würde und Rechten geboren.\nΌλοι οι άνθρωποι 🙂"
        let input = directory.appendingPathComponent("in.txt")
        try Data(text.utf8).write(to: input)
        let tokens = directory.appendingPathComponent("in.tok"), output = directory.appendingPathComponent("out.txt")
        let model = CLIFixtures.text("bpe.model").path
        XCTAssertEqual(try Tessera.run(["tokenize", "text", "--file", input.path, "--tokenizer", model, "-o", tokens.path]).status, 0)
        let detokenize = try Tessera.run(["detokenize", tokens.path, "--tokenizer", model, "-o", output.path])
        XCTAssertEqual(detokenize.status, 0, detokenize.standardError)
        // SentencePiece turns the newline into a space (its normalizer folds whitespace).
        XCTAssertEqual(try String(contentsOf: output, encoding: .utf8), text.replacingOccurrences(of: "\n", with: " "))
    }

    func testShowSummarizesReadablyAndPrintsGlobalIds() throws {
        let mixed = CLIFixtures.formats("token-files/mixed.tok").path
        let summary = try Tessera.run(["tokens", "show", mixed])
        XCTAssertEqual(summary.status, 0, summary.standardError)
        XCTAssertTrue(summary.standardOutput.contains("3 segments"), summary.standardOutput)
        XCTAssertTrue(summary.standardOutput.contains("segment 1: image, shape [2, 3], codebook 16384, codes: 0 1 16383 7 8 9"),
                      summary.standardOutput)
        let json = try Tessera.run(["tokens", "show", mixed, "--json"])
        XCTAssertEqual(json.standardOutput, #"{"segments":[{"modality":"text","shape":[4],"codes":[1,15043,29892,2],"ids":[1,15043,29892,2]},"#
            + #"{"modality":"image","shape":[2,3],"codes":[0,1,16383,7,8,9],"ids":[32000,32001,48383,32007,32008,32009]},"#
            + #"{"modality":"audio","shape":[2,2],"codes":[5,6,1023,0],"ids":[48389,48390,50431,49408]}]}"# + "\n")
    }

    func testTrainedDirectoryMatchesPythonAndServesTokenize() throws {
        let directory = try makeTemporaryDirectory()
        let tokenizer = directory.appendingPathComponent("tokenizer")
        let train = try Tessera.run(["train-tokenizer", "text", "--data", CLIFixtures.text("corpus.txt").path, "-o", tokenizer.path,
                                     "--vocab-size", "500", "--model-type", "bpe", "--byte-fallback", "--user-symbols", "<sep>,🙂",
                                     "--character-coverage", "0.98", "--threads", "1"])
        XCTAssertEqual(train.status, 0, train.standardError)
        // Standard error is a pipe here, so it holds the result line only (progress goes to terminals).
        XCTAssertTrue(train.standardError.hasPrefix("tessera: wrote \(tokenizer.path)/tokenizer.model (500 pieces"), train.standardError)
        XCTAssertEqual(train.standardError.split(separator: "\n").count, 1, train.standardError)
        assertDirectory(tokenizer, holds: ["tokenizer.model", "training.json"])
        let record = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: tokenizer.appendingPathComponent("training.json"))) as? [String: Any])
        let options = try XCTUnwrap(record["options"] as? [String: Any])
        XCTAssertEqual(options["user_defined_symbols"] as? [String], ["<sep>", "🙂"])
        XCTAssertEqual(options["num_threads"] as? Int, 1)
        XCTAssertEqual(record["vocab_size"] as? Int, 500)

        // The same options as the Python-trained bpe.model, so the same ids.
        let expected = try XCTUnwrap(expectedModel("bpe").cases.first { $0.text.hasPrefix("emoji") })
        let tokens = directory.appendingPathComponent("emoji.tok")
        XCTAssertEqual(try Tessera.run(["tokenize", "text", expected.text, "--tokenizer", tokenizer.path, "-o", tokens.path]).status, 0)
        let show = try Tessera.run(["tokens", "show", tokens.path, "--json"])
        XCTAssertTrue(show.standardOutput.contains("\"codes\":[\(expected.ids.map(String.init).joined(separator: ","))]"), show.standardOutput)
    }

    func testQuietTrainingPrintsNothing() throws {
        let directory = try makeTemporaryDirectory()
        let result = try Tessera.run(["train-tokenizer", "text", "--data", CLIFixtures.text("corpus.txt").path, "-o", directory.path,
                                      "--vocab-size", "300", "--character-coverage", "0.98", "--threads", "2", "--quiet"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(result.standardError, "")
        XCTAssertEqual(result.standardOutput, "")
    }

    func testHelpListsTheTextCommands() throws {
        let root = try Tessera.run(["--help"])
        XCTAssertEqual(root.status, 0, root.standardError)
        for command in ["tokenize", "detokenize", "tokens", "train-tokenizer"] {
            XCTAssertTrue(root.standardOutput.contains(command), command)
        }
        let show = try Tessera.run(["help", "tokens", "show"])
        XCTAssertEqual(show.status, 0, show.standardError)
        XCTAssertTrue(show.standardOutput.contains("USAGE: tessera tokens show <input> [--json]"), show.standardOutput)
    }

    func testUsageErrorsExitWithTwo() throws {
        let model = CLIFixtures.text("bpe.model").path
        let both = try Tessera.run(["tokenize", "text", "hi", "--file", model, "--tokenizer", model, "-o", "/tmp/x.tok"])
        XCTAssertEqual(both.status, 2)
        let neither = try Tessera.run(["tokenize", "text", "--tokenizer", model, "-o", "/tmp/x.tok"])
        XCTAssertEqual(neither.status, 2)
        let badType = try Tessera.run(["train-tokenizer", "text", "--data", model, "-o", "/tmp/x", "--model-type", "word"])
        XCTAssertEqual(badType.status, 2)
        let badSymbols = try Tessera.run(["train-tokenizer", "text", "--data", model, "-o", "/tmp/x", "--user-symbols", "a,,b"])
        XCTAssertEqual(badSymbols.status, 2, badSymbols.standardError)
    }

    func testDetokenizeRefusesATokenFileOfAnotherTokenizer() throws {
        let directory = try makeTemporaryDirectory()
        let tokens = directory.appendingPathComponent("a.tok"), output = directory.appendingPathComponent("a.txt")
        XCTAssertEqual(try Tessera.run(["tokenize", "text", "hello", "--tokenizer", CLIFixtures.text("bpe.model").path,
                                        "-o", tokens.path]).status, 0)
        let result = try Tessera.run(["detokenize", tokens.path, "--tokenizer", CLIFixtures.text("unigram.model").path, "-o", output.path])
        assertOneLineError(result, path: tokens.path, contains: "was made with a different tokenizer")
        assertDirectory(directory, holds: ["a.tok"])
    }

    func testDetokenizeRefusesNonTextSegments() throws {
        let directory = try makeTemporaryDirectory()
        let output = directory.appendingPathComponent("out.txt")
        let mixed = CLIFixtures.formats("token-files/mixed.tok").path
        let result = try Tessera.run(["detokenize", mixed, "--tokenizer", CLIFixtures.text("bpe.model").path, "-o", output.path])
        assertOneLineError(result, path: mixed, contains: "segment 0 uses a vocabulary of 32000 pieces")
        assertDirectory(directory, holds: [])
    }
}
