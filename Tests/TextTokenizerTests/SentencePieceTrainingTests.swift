import TestSupport
import Formats
import Foundation
import TextTokenizer
import XCTest

/// Training through libsentencepiece gives the models Python trains with the same options.
final class SentencePieceTrainingTests: XCTestCase {
    /// The version of Debian's libsentencepiece, which the package links. Unigram training changed
    /// upstream in 0.1.99 ("Fix the ULM training bugs"), so unigram models match Python bindings
    /// of this version only; BPE training is the same in 0.1.97 and 0.2.3.
    private let linkedVersion = "0.1.97"

    func testTrainedPiecesAndScoresMatchPythonOfTheLinkedVersion() throws {
        let reference = try Fixtures.training(version: linkedVersion)
        XCTAssertEqual(reference.sentencepiece_version, linkedVersion)
        for (name, expected) in reference.models {
            let tokenizer = try SentencePieceTrainer.train(files: [Fixtures.url("corpus.txt")], options: expected.options)
            assertSameModel(tokenizer, expected, name)
        }
    }

    func testTrainedBPEMatchesNewerPythonToo() throws {
        let reference = try Fixtures.training(version: "0.2.3")
        let expected = try XCTUnwrap(reference.models["bpe"])
        let tokenizer = try SentencePieceTrainer.train(files: [Fixtures.url("corpus.txt")], options: expected.options)
        assertSameModel(tokenizer, expected, "bpe")
    }

    func testTrainedModelEncodesLikeThePythonModel() throws {
        let expected = try XCTUnwrap(Fixtures.encoding().models["bpe"])
        let tokenizer = try SentencePieceTrainer.train(files: [Fixtures.url("corpus.txt")], options: expected.options)
        for testCase in expected.cases {
            XCTAssertEqual(try tokenizer.encode(testCase.text), testCase.ids, testCase.text.debugDescription)
        }
    }

    func testTrainingTwiceWithSentenceSamplingGivesTheSameModel() throws {
        // 490 numbered copies of the corpus lines, of which SentencePiece samples 200.
        let lines = try String(contentsOf: Fixtures.url("corpus.txt"), encoding: .utf8).split(separator: "\n")
        let data = try makeTemporaryDirectory().appendingPathComponent("numbered.txt")
        try (0..<10).flatMap { copy in lines.map { "\(copy) \($0)" } }.joined(separator: "\n").write(to: data, atomically: true, encoding: .utf8)
        let options = SentencePieceTrainingOptions(modelType: .unigram, vocabularySize: 300, characterCoverage: 0.98,
                                                   inputSentenceSize: 200, threads: 2)
        let first = try SentencePieceTrainer.train(files: [data], options: options)
        let second = try SentencePieceTrainer.train(files: [data], options: options)
        XCTAssertEqual(first.modelData, second.modelData)
    }

    func testUserSymbolsAndByteFallbackAreApplied() throws {
        let options = SentencePieceTrainingOptions(modelType: .bpe, vocabularySize: 600, byteFallback: true,
                                                   userDefinedSymbols: ["<tag>", "🙂"], characterCoverage: 0.98, threads: 1)
        let tokenizer = try SentencePieceTrainer.train(files: [Fixtures.url("corpus.txt")], options: options)
        XCTAssertEqual(tokenizer.vocabularySize, 600)
        let tag = try XCTUnwrap(tokenizer.id(for: "<tag>"))
        XCTAssertTrue(try tokenizer.encode("a<tag>b").contains(tag))
        XCTAssertNotNil(tokenizer.id(for: "<0xE2>"))
        let snowman = try tokenizer.encode("☃")
        XCTAssertFalse(snowman.contains(tokenizer.unknownID ?? -1))
        XCTAssertEqual(try tokenizer.decode(snowman), "☃")
    }

    func testRefusesBadDataWithOneLineErrors() throws {
        let directory = try makeTemporaryDirectory()
        let options = SentencePieceTrainingOptions(vocabularySize: 100)
        let missing = directory.appendingPathComponent("missing.txt")
        assertFormatError(try SentencePieceTrainer.train(files: [missing], options: options), path: missing.path, contains: "cannot open")

        let binary = directory.appendingPathComponent("binary.txt")
        try Data([0x61, 0x62, 0xFF, 0x0A]).write(to: binary)
        assertFormatError(try SentencePieceTrainer.train(files: [binary], options: options), path: binary.path,
                          contains: "not valid UTF-8 text (invalid byte 0xff at offset 2)")

        let empty = directory.appendingPathComponent("empty.txt")
        try Data().write(to: empty)
        assertFormatError(try SentencePieceTrainer.train(files: [empty], options: options), path: empty.path, contains: "empty")

        let comma = directory.appendingPathComponent("a,b.txt")
        try Data("hello\n".utf8).write(to: comma)
        assertFormatError(try SentencePieceTrainer.train(files: [comma], options: options), path: comma.path, contains: "comma")
    }

    func testReportsSentencePieceRefusalsReadably() throws {
        let corpus = try Fixtures.url("corpus.txt")
        let tooLarge = SentencePieceTrainingOptions(vocabularySize: 100_000, threads: 1)
        assertFormatError(try SentencePieceTrainer.train(files: [corpus], options: tooLarge), path: corpus.path,
                          contains: "SentencePiece training failed: Vocabulary size too high")
        let tooSmall = SentencePieceTrainingOptions(vocabularySize: 50, threads: 1)
        assertFormatError(try SentencePieceTrainer.train(files: [corpus], options: tooSmall), path: corpus.path,
                          contains: "Vocabulary size is smaller than required_chars")
        let badSymbol = SentencePieceTrainingOptions(userDefinedSymbols: ["a,b"])
        assertFormatError(try SentencePieceTrainer.train(files: [corpus], options: badSymbol), path: corpus.path,
                          contains: "user-defined symbol")
    }

    func testOptionsRoundTripThroughJSONWithSentencePieceNames() throws {
        let options = SentencePieceTrainingOptions(modelType: .bpe, vocabularySize: 123, byteFallback: true,
                                                   userDefinedSymbols: ["<x>"], characterCoverage: 0.5, threads: 3)
        let json = try JSONEncoder().encode(options)
        XCTAssertEqual(try JSONDecoder().decode(SentencePieceTrainingOptions.self, from: json), options)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: json) as? [String: Any])
        XCTAssertEqual(object["vocab_size"] as? Int, 123)
        XCTAssertEqual(object["model_type"] as? String, "bpe")
        XCTAssertEqual(object["num_threads"] as? Int, 3)
    }

    private func assertSameModel(_ tokenizer: SentencePieceTokenizer, _ expected: Fixtures.TrainedModel, _ name: String,
                                 file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(tokenizer.vocabularySize, expected.pieces.count, name, file: file, line: line)
        XCTAssertEqual((0..<tokenizer.vocabularySize).map { tokenizer.piece(for: $0) }, expected.pieces, name, file: file, line: line)
        XCTAssertEqual((0..<tokenizer.vocabularySize).map { tokenizer.score(for: $0) }, expected.scores, name, file: file, line: line)
    }
}
