import Foundation
import Tessera
import TestSupport
import Vocab
import XCTest

/// The sampling grammar's rules that the command-line tests cannot force (they need the model to prefer a forbidden id).
final class SegmentGrammarTests: XCTestCase {
    /// A vocabulary over the unigram text fixture alone.
    private func textVocabulary() throws -> Vocabulary {
        let url = try makeTemporaryDirectory().appendingPathComponent("v.json")
        let model = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("TextTokenizerTests/Fixtures/unigram.model")
        let spec = try VocabularyBuilding.spec(text: model, image: nil, audio: nil, bandwidth: nil, endOfRow: false, output: url)
        try Vocabulary.encode(spec).write(to: url)
        return try Vocabulary(contentsOf: url)
    }

    func testATextTargetCannotEndBeforeItsFirstPiece() throws {
        let vocabulary = try textVocabulary()
        let end = try XCTUnwrap(vocabulary.id(for: .special(.endOfSequence)))
        let grammar = SegmentGrammar(vocabulary: vocabulary, target: .text, promptLength: 1)
        XCTAssertFalse(grammar.allowedIDs(after: [1]).contains(end))
        XCTAssertTrue(grammar.allowedIDs(after: [1]).contains(5))
        XCTAssertTrue(grammar.allowedIDs(after: [1, 5]).contains(end))
        XCTAssertTrue(SegmentGrammar(vocabulary: vocabulary, target: .any, promptLength: 1).allowedIDs(after: [1]).contains(end))
    }
}
