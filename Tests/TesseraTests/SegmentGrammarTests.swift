import Foundation
import Tessera
import TestSupport
import Vocab
import XCTest

/// The sampling grammar's rules that the command-line tests cannot force (they need the model to prefer a forbidden id).
final class SegmentGrammarTests: XCTestCase {
    /// A vocabulary over the unigram text fixture, and the Janus and EnCodec fixtures when `media`.
    private func vocabulary(media: Bool = false) throws -> Vocabulary {
        let url = try makeTemporaryDirectory().appendingPathComponent("v.json")
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let spec = try VocabularyBuilding.spec(text: tests.appendingPathComponent("TextTokenizerTests/Fixtures/unigram.model"),
                                               image: media ? tests.appendingPathComponent("ImageTokenizerTests/Fixtures/janus") : nil,
                                               audio: media ? tests.appendingPathComponent("AudioTokenizerTests/Fixtures/encodec") : nil,
                                               bandwidth: .largest, endOfRow: false, output: url)
        try Vocabulary.encode(spec).write(to: url)
        return try Vocabulary(contentsOf: url)
    }

    func testATextTargetCannotEndBeforeItsFirstPiece() throws {
        let vocabulary = try vocabulary()
        let end = try XCTUnwrap(vocabulary.id(for: .special(.endOfSequence)))
        let grammar = SegmentGrammar(vocabulary: vocabulary, target: .text, promptLength: 1)
        XCTAssertFalse(grammar.allowedIDs(after: [1]).contains(end))
        XCTAssertTrue(grammar.allowedIDs(after: [1]).contains(5))
        XCTAssertTrue(grammar.allowedIDs(after: [1, 5]).contains(end))
        XCTAssertTrue(SegmentGrammar(vocabulary: vocabulary, target: .any, promptLength: 1).allowedIDs(after: [1]).contains(end))
    }

    /// An opener is allowed only while the budget still holds the whole closed segment.
    func testSegmentsOpenOnlyWhereTheBudgetHoldsThem() throws {
        let vocabulary = try vocabulary(media: true)
        let (openImage, openAudio) = try (XCTUnwrap(vocabulary.id(for: .special(.beginningOfImage))),
                                          XCTUnwrap(vocabulary.id(for: .special(.beginningOfAudio))))
        let probe = SegmentGrammar(vocabulary: vocabulary, promptLength: 1)
        let (image, audio) = try (XCTUnwrap(probe.shortestSegment(.image)), XCTUnwrap(probe.shortestSegment(.audio)))
        XCTAssertEqual(image, probe.imageLength + 2)
        XCTAssertEqual(audio, vocabulary.spec.audio!.levelIDs.count + 2)
        for budget in [image - 1, image, audio - 1, audio] {
            let allowed = Set(SegmentGrammar(vocabulary: vocabulary, target: .any, promptLength: 1, budget: budget).allowedIDs(after: [1]))
            XCTAssertEqual(allowed.contains(openImage), budget >= image, "budget \(budget)")
            XCTAssertEqual(allowed.contains(openAudio), budget >= audio, "budget \(budget)")
        }
    }
}
