import TestSupport
import Formats
import Foundation
import Vocab
import XCTest

/// The segment grammar of a document's id stream, and token files under a vocabulary.
final class DocumentBuilderTests: XCTestCase {
    func testDocumentFollowsTheGrammar() throws {
        let vocabulary = try VocabularyFixture.vocabulary(VocabularyFixture.spec(levels: 2, endOfRow: true))
        let (boi, eoi, boa, eoa, eol) = (601, 602, 603, 604, 605)
        let imageFirst = 606, level0 = 606 + 256, level1 = 606 + 256 + 64
        let image = TokenSegment(modality: .image, shape: [4, 4], codebookSize: 256, codes: Array(0..<16))
        // Level-major codes: level 0 = [1, 2, 3], level 1 = [4, 5, 6]; the stream is frame-major.
        let audio = TokenSegment(modality: .audio, shape: [2, 3], codebookSize: 64, codes: [1, 2, 3, 4, 5, 6])
        let ids = try DocumentBuilder(vocabulary: vocabulary).ids(
            for: [TokenSegment(text: [5, 6], vocabularySize: 600), image, audio], source: "doc")
        let rows = (0..<4).flatMap { row in (0..<4).map { imageFirst + 4 * row + $0 } + [eol] }
        let frames = [level0 + 1, level1 + 4, level0 + 2, level1 + 5, level0 + 3, level1 + 6]
        XCTAssertEqual(ids, [1, 5, 6, boi] + rows + [eoi, boa] + frames + [eoa, 2])
    }

    func testLossMaskFollowsThePartFlags() throws {
        let vocabulary = try VocabularyFixture.vocabulary(VocabularyFixture.spec())
        let image = TokenSegment(modality: .image, shape: [4, 4], codebookSize: 256, codes: Array(0..<16))
        let (ids, mask) = try DocumentBuilder(vocabulary: vocabulary).idsAndLossMask(
            for: [TokenSegment(text: [5, 6, 7], vocabularySize: 600), image], inLoss: [false, true], source: "doc")
        XCTAssertEqual(ids.count, mask.count)
        XCTAssertEqual(mask, [false, false, false, false] + Array(repeating: true, count: 18 + 1))
    }

    func testSegmentsThatDoNotFitAreRefused() throws {
        let vocabulary = try VocabularyFixture.vocabulary(VocabularyFixture.spec())
        let cases: [(TokenSegment, String)] = [
            (TokenSegment(modality: .image, shape: [2, 2], codebookSize: 256, codes: [0, 1, 2, 3]), "grid is 4×4"),
            (TokenSegment(modality: .audio, shape: [2, 1], codebookSize: 64, codes: [0, 1]), "the vocabulary has 8"),
            (TokenSegment(text: [1], vocabularySize: 8000), "a text segment with a codebook of 8000"),
            (TokenSegment(modality: .image, shape: [4, 4], codebookSize: 256, codes: Array(0..<15) + [256]),
             "image code 256 at position 15 is outside its codebook"),
        ]
        for (segment, problem) in cases {
            assertFormatError(try vocabulary.globalIDs(of: segment, source: "doc"), path: "doc", contains: problem)
        }
    }

    func testTokenFileFromAnotherVocabularyIsRefused() throws {
        let first = try VocabularyFixture.vocabulary(VocabularyFixture.spec(levels: 8), name: "a.json")
        let second = try VocabularyFixture.vocabulary(VocabularyFixture.spec(levels: 4), name: "b.json")
        let url = URL(fileURLWithPath: "/tokens/x.tok")
        let textChecksum = try XCTUnwrap(SHA256Digest(hex: first.spec.text.sha256))
        let file = TokenFile(segments: [TokenSegment(text: [7, 8], vocabularySize: 600)], vocabularyChecksum: textChecksum)
        let withIDs = try first.withGlobalIDs(file, from: url)
        XCTAssertEqual(withIDs.segments[0].ids, [7, 8])
        XCTAssertEqual(withIDs.vocabularyChecksum, first.checksum)
        XCTAssertEqual(withIDs.globalVocabularySize, first.size)
        XCTAssertEqual(try first.withGlobalIDs(withIDs, from: url), withIDs)
        assertFormatError(try second.withGlobalIDs(withIDs, from: url), path: url, contains: "was made under another vocabulary")
        var foreign = file
        foreign.vocabularyChecksum = SHA256.hash(Data("another model".utf8))
        assertFormatError(try first.withGlobalIDs(foreign, from: url), path: url, contains: "that /vocab/a.json does not list")
    }
}
