import TestSupport
import Formats
import Foundation
import TextTokenizer
import XCTest

/// Loading, lookups and refusals of `SentencePieceTokenizer`.
final class SentencePieceTokenizerTests: XCTestCase {
    private func bpe() throws -> SentencePieceTokenizer { try SentencePieceTokenizer(contentsOf: Fixtures.url("bpe.model")) }

    func testRoundTripsTextWithinTheVocabulary() throws {
        let tokenizer = try bpe()
        for text in ["All human beings are born free.", "Alle Menschen sind frei", "", "🙂 <sep> 🙂"] {
            XCTAssertEqual(try tokenizer.decode(tokenizer.encode(text)), text)
        }
    }

    func testLookupsRefuseUnknownPiecesAndIds() throws {
        let tokenizer = try bpe()
        XCTAssertNil(tokenizer.piece(for: -1))
        XCTAssertNil(tokenizer.piece(for: tokenizer.vocabularySize))
        XCTAssertNil(tokenizer.score(for: tokenizer.vocabularySize))
        XCTAssertNil(tokenizer.id(for: "no such piece"))
        XCTAssertNil(tokenizer.id(for: "a\u{0}b"))
        XCTAssertEqual(tokenizer.id(for: "<unk>"), tokenizer.unknownID)
        XCTAssertEqual(tokenizer.piece(for: 3), "<sep>")
    }

    func testDecodeRefusesIdsOutsideTheVocabulary() throws {
        let tokenizer = try bpe()
        assertFormatError(try tokenizer.decode([5, tokenizer.vocabularySize]), path: tokenizer.source,
                          contains: "id 500 at position 1 is outside the vocabulary of 500 pieces")
        assertFormatError(try tokenizer.decode([-3]), path: tokenizer.source, contains: "id -3 at position 0")
    }

    func testLongTextNeedsMoreIdsThanBytes() throws {
        // NFKC expands "㍻" (3 bytes) to "平成", whose byte pieces need 6 ids: the output buffer must grow.
        let tokenizer = try bpe()
        let text = String(repeating: "㍻", count: 200)
        let ids = try tokenizer.encode(text)
        XCTAssertGreaterThan(ids.count, text.utf8.count)
        XCTAssertEqual(try tokenizer.decode(ids), String(repeating: "平成", count: 200))
    }

    func testRefusesFilesThatAreNotModels() throws {
        let directory = try makeTemporaryDirectory()
        let garbage = directory.appendingPathComponent("garbage.model")
        try Data("this is not a protobuf".utf8).write(to: garbage)
        assertFormatError(try SentencePieceTokenizer(contentsOf: garbage), path: garbage.path, contains: "not a valid SentencePiece model")

        let empty = directory.appendingPathComponent("empty.model")
        try Data().write(to: empty)
        assertFormatError(try SentencePieceTokenizer(contentsOf: empty), path: empty.path, contains: "empty")

        let truncated = directory.appendingPathComponent("truncated.model")
        try Data(contentsOf: Fixtures.url("bpe.model")).prefix(1000).write(to: truncated)
        assertFormatError(try SentencePieceTokenizer(contentsOf: truncated), path: truncated.path, contains: "not a valid SentencePiece model")

        assertFormatError(try SentencePieceTokenizer(contentsOf: directory), path: directory.path, contains: "not a regular file")
        let missing = directory.appendingPathComponent("missing.model")
        assertFormatError(try SentencePieceTokenizer(contentsOf: missing), path: missing.path, contains: "cannot open")
    }

    func testEncodesFromManyThreadsAtOnce() throws {
        let tokenizer = try bpe()
        let texts = (0..<64).map { "sentence \($0): Tous les êtres humains naissent libres et égaux" }
        let expected = try texts.map { try tokenizer.encode($0) }
        nonisolated(unsafe) let results = UnsafeMutableBufferPointer<[Int]>.allocate(capacity: texts.count)
        results.initialize(repeating: [])
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: texts.count) { index in
            results[index] = (try? tokenizer.encode(texts[index])) ?? []
        }
        XCTAssertEqual(Array(results), expected)
    }
}
