import Formats
import Foundation
import TextTokenizer
import XCTest

/// Models trained by Python sentencepiece: Swift loads them and gets the same ids, pieces and text.
final class SentencePieceParityTests: XCTestCase {
    func testEncodingMatchesPython() throws {
        for (name, expected) in try Fixtures.encoding().models {
            let tokenizer = try SentencePieceTokenizer(contentsOf: Fixtures.url(expected.file))
            for testCase in expected.cases {
                let ids = try tokenizer.encode(testCase.text)
                XCTAssertEqual(ids, testCase.ids, "\(name): \(testCase.text.debugDescription)")
                XCTAssertEqual(try tokenizer.decode(ids), testCase.decoded, "\(name): \(testCase.text.debugDescription)")
            }
        }
    }

    func testDecodingArbitraryIdsMatchesPython() throws {
        for (name, expected) in try Fixtures.encoding().models {
            let tokenizer = try SentencePieceTokenizer(contentsOf: Fixtures.url(expected.file))
            for testCase in expected.decode_cases {
                XCTAssertEqual(try tokenizer.decode(testCase.ids), testCase.decoded, "\(name): \(testCase.ids)")
            }
        }
    }

    func testVocabularyAndSpecialIdsMatchPython() throws {
        for (name, expected) in try Fixtures.encoding().models {
            let tokenizer = try SentencePieceTokenizer(contentsOf: Fixtures.url(expected.file))
            XCTAssertEqual(tokenizer.vocabularySize, expected.vocab_size, name)
            XCTAssertEqual(tokenizer.bosID ?? -1, expected.bos_id, name)
            XCTAssertEqual(tokenizer.eosID ?? -1, expected.eos_id, name)
            XCTAssertEqual(tokenizer.unknownID ?? -1, expected.unk_id, name)
            XCTAssertEqual(tokenizer.paddingID ?? -1, expected.pad_id, name)
            XCTAssertEqual((0..<tokenizer.vocabularySize).map { tokenizer.piece(for: $0) }, expected.pieces, name)
            for (id, piece) in expected.pieces.enumerated() {
                XCTAssertEqual(tokenizer.id(for: piece), id, "\(name): \(piece)")
            }
            XCTAssertEqual(tokenizer.checksum.hex, expected.sha256, name)
        }
    }

    func testLoadingFromBytesEqualsLoadingTheFile() throws {
        let url = try Fixtures.url("bpe.model")
        let fromFile = try SentencePieceTokenizer(contentsOf: url)
        let fromBytes = try SentencePieceTokenizer(modelData: Data(contentsOf: url), source: "bytes")
        let text = "Tous les êtres humains naissent libres 🙂"
        XCTAssertEqual(try fromBytes.encode(text), try fromFile.encode(text))
        XCTAssertEqual(fromBytes.checksum, fromFile.checksum)
        XCTAssertEqual(fromBytes.source, "bytes")
        XCTAssertEqual(fromFile.source, url.path)
    }
}
