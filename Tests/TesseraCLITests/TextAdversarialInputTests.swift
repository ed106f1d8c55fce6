import TestSupport
import Foundation
import XCTest

/// Every adversarial token file, text file and model gets one error line naming it, exit 1, and no output.
final class TextAdversarialInputTests: XCTestCase {
    func testEveryAdversarialTokenFileFailsCleanly() throws {
        let corpus = CLIFixtures.formats("adversarial-tok")
        let expected = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: corpus.appendingPathComponent("expected.json")))
        let directory = try makeTemporaryDirectory()
        let output = directory.appendingPathComponent("out.txt")
        for (name, problem) in expected.sorted(by: { $0.key < $1.key }) {
            let path = corpus.appendingPathComponent(name).path
            let show = try Tessera.run(["tokens", "show", path, "--json"])
            assertOneLineError(show, path: path, contains: problem)
            let detokenize = try Tessera.run(["detokenize", path, "--tokenizer", CLIFixtures.text("bpe.model").path, "-o", output.path])
            assertOneLineError(detokenize, path: path, contains: problem)
            assertDirectory(directory, holds: [])
        }
    }

    func testNonUTF8TextIsRefused() throws {
        let directory = try makeTemporaryDirectory()
        let input = CLIFixtures.text("adversarial/latin1.txt").path
        let result = try Tessera.run(["tokenize", "text", "--file", input, "--tokenizer", CLIFixtures.text("bpe.model").path,
                                      "-o", directory.appendingPathComponent("out.tok").path])
        assertOneLineError(result, path: input, contains: "not valid UTF-8 text (invalid byte 0xfc at offset 2)")
        assertDirectory(directory, holds: [])

        let train = try Tessera.run(["train-tokenizer", "text", "--data", input, "-o", directory.appendingPathComponent("tk").path])
        assertOneLineError(train, path: input, contains: "not valid UTF-8")
        assertDirectory(directory, holds: [])
    }

    func testOversizedTextFileIsRefusedBeforeEncoding() throws {
        let directory = try makeTemporaryDirectory()
        let input = directory.appendingPathComponent("huge.txt")
        XCTAssertTrue(FileManager.default.createFile(atPath: input.path, contents: nil))
        let handle = try FileHandle(forWritingTo: input)
        try handle.truncate(atOffset: 16 << 20 + 1)  // sparse: no 16 MiB written
        try handle.close()
        let result = try Tessera.run(["tokenize", "text", "--file", input.path, "--tokenizer", CLIFixtures.text("bpe.model").path,
                                      "-o", directory.appendingPathComponent("out.tok").path])
        assertOneLineError(result, path: input.path, contains: "more than the limit of 16777216")
        assertDirectory(directory, holds: ["huge.txt"])
    }

    func testBrokenModelsAreRefused() throws {
        let directory = try makeTemporaryDirectory()
        let problems = ["empty.model": "empty", "garbage.model": "not a valid SentencePiece model",
                        "cut-off.model": "not a valid SentencePiece model"]
        for (name, problem) in problems.sorted(by: { $0.key < $1.key }) {
            let model = CLIFixtures.text("adversarial/\(name)").path
            let tokenize = try Tessera.run(["tokenize", "text", "hello", "--tokenizer", model,
                                            "-o", directory.appendingPathComponent("out.tok").path])
            assertOneLineError(tokenize, path: model, contains: problem)
            let detokenize = try Tessera.run(["detokenize", CLIFixtures.formats("token-files/mixed.tok").path, "--tokenizer", model,
                                              "-o", directory.appendingPathComponent("out.txt").path])
            assertOneLineError(detokenize, path: model, contains: problem)
            assertDirectory(directory, holds: [])
        }
    }

    func testModelWithACorruptNormalizationTableIsRefusedNotCrashedOn() throws {
        // The first model that crashed libsentencepiece under mutation (see corrupt-models.json).
        struct Mutant: Decodable {
            let base: String
            let changes: [[Int]]
        }
        let mutants = try JSONDecoder().decode([Mutant].self, from: Data(contentsOf: CLIFixtures.text("adversarial/corrupt-models.json")))
        let mutant = try XCTUnwrap(mutants.first)
        var bytes = try Data(contentsOf: CLIFixtures.text(mutant.base))
        for change in mutant.changes { bytes[change[0]] = UInt8(change[1]) }
        let directory = try makeTemporaryDirectory()
        let model = directory.appendingPathComponent("corrupt.model")
        try bytes.write(to: model)
        let result = try Tessera.run(["tokenize", "text", "Tous les êtres humains 🙂", "--tokenizer", model.path,
                                      "-o", directory.appendingPathComponent("out.tok").path])
        assertOneLineError(result, path: model.path, contains: "normalization table is corrupt")
        assertDirectory(directory, holds: ["corrupt.model"])
    }

    func testMissingInputsAreNamed() throws {
        let directory = try makeTemporaryDirectory()
        let missing = directory.appendingPathComponent("missing.tok").path
        assertOneLineError(try Tessera.run(["tokens", "show", missing]), path: missing, contains: "cannot open")
        let emptyDirectory = directory.appendingPathComponent("tokenizer")
        try FileManager.default.createDirectory(at: emptyDirectory, withIntermediateDirectories: true)
        let result = try Tessera.run(["tokenize", "text", "x", "--tokenizer", emptyDirectory.path, "-o", directory.appendingPathComponent("o.tok").path])
        assertOneLineError(result, path: emptyDirectory.appendingPathComponent("tokenizer.model").path, contains: "cannot open")
        let unwritable = directory.appendingPathComponent("no/such/dir/out.tok").path
        let write = try Tessera.run(["tokenize", "text", "x", "--tokenizer", CLIFixtures.text("bpe.model").path, "-o", unwritable])
        assertOneLineError(write, path: unwritable, contains: "cannot create a temporary file")
    }
}
