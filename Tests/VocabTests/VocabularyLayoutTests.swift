import TestSupport
import Formats
import Foundation
import Vocab
import XCTest

/// The id layout and the one global ↔ local mapping.
final class VocabularyLayoutTests: XCTestCase {
    func testNewIDsFollowTheTextIDs() throws {
        let spec = try VocabularyFixture.spec()
        XCTAssertNil(spec.validationProblem())
        let ids = Dictionary(uniqueKeysWithValues: spec.specialTokens.map { ($0.token, $0.id) })
        XCTAssertEqual(ids, [.beginningOfSequence: 1, .endOfSequence: 2, .padding: 600, .beginningOfImage: 601, .endOfImage: 602,
                             .beginningOfAudio: 603, .endOfAudio: 604])
        XCTAssertEqual(spec.image?.ids, IDRange(first: 605, count: 256))
        XCTAssertEqual(spec.audio?.levelIDs.map(\.first), (0..<8).map { 861 + 64 * $0 })
        XCTAssertEqual(spec.vocabSize, 861 + 8 * 64)
    }

    func testEveryIDMapsToItsTokenAndBack() throws {
        let vocabulary = try VocabularyFixture.vocabulary(VocabularyFixture.spec(endOfRow: true))
        for id in 0..<vocabulary.size {
            let token = try XCTUnwrap(vocabulary.token(for: id), "id \(id)")
            XCTAssertEqual(vocabulary.id(for: token), id, "\(token)")
        }
        XCTAssertNil(vocabulary.token(for: vocabulary.size))
        XCTAssertEqual(vocabulary.token(for: 606 + 256), .audio(level: 0, code: 0))  // <eol> is 605
        XCTAssertEqual(vocabulary.id(for: .audio(level: 7, code: 63)), vocabulary.size - 1)
        XCTAssertNil(vocabulary.id(for: .image(256)))
        XCTAssertNil(vocabulary.id(for: .audio(level: 8, code: 0)))
    }

    func testBrokenSpecsAreRefusedInOneLine() throws {
        let spec = try VocabularyFixture.spec()
        var gap = spec
        gap.vocabSize += 1
        var overlap = spec
        overlap.image!.ids.first -= 1
        var duplicate = spec
        duplicate.specialTokens.append(spec.specialTokens[0])
        var missing = spec
        missing.specialTokens.removeAll { $0.token == .endOfImage }
        var checksum = spec
        checksum.audio!.sha256 = "xyz"
        var version = spec
        version.version = 2
        let cases: [(VocabularySpec, String)] = [
            (gap, "the ids end at 1373, but vocab_size is 1374"), (overlap, "id 604 is assigned twice"),
            (duplicate, "<bos> is listed twice"), (missing, "<eoi> is missing"), (checksum, "audio.sha256 is not 64 hex digits"),
            (version, "version 2 is not supported"),
        ]
        for (broken, problem) in cases {
            assertFormatError(try VocabularyFixture.vocabulary(broken), path: "/vocab/v.json", contains: problem)
        }
        assertFormatError(try Vocabulary(data: Data("{\"format\": 1}".utf8), url: URL(fileURLWithPath: "/vocab/v.json")),
                          path: "/vocab/v.json", contains: "not a vocab spec")
    }
}
