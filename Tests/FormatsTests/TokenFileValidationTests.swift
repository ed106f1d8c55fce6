import TestSupport
import Formats
import Foundation
import XCTest

/// The token-file reader refuses every malformed file with one line naming it; the writer refuses
/// invalid contents and leaves no file behind.
final class TokenFileValidationTests: XCTestCase {
    func testAdversarialCorpusIsRefusedWithTheExpectedProblems() throws {
        let directory = try fixtureURL("adversarial-tok")
        let expected = try JSONDecoder().decode([String: String].self,
                                                from: Data(contentsOf: directory.appendingPathComponent("expected.json")))
        XCTAssertGreaterThanOrEqual(expected.count, 20)
        for (name, problem) in expected.sorted(by: { $0.key < $1.key }) {
            let url = directory.appendingPathComponent(name)
            assertFormatError(try TokenFile(contentsOf: url), path: url, contains: problem)
        }
    }

    func testFuzzCorpusIsRefusedOrWritesBackTheSameBytes() throws {
        // libFuzzer's minimized corpus from fuzzing the reader (no input ever crashed it).
        let directory = try fixtureURL("fuzz-tok-corpus")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        XCTAssertGreaterThan(names.count, 50)
        let copy = try makeTemporaryDirectory().appendingPathComponent("copy.tok")
        var parsed = 0
        for name in names {
            let url = directory.appendingPathComponent(name)
            do {
                try TokenFile(contentsOf: url).write(to: copy)
                XCTAssertEqual(try Data(contentsOf: copy), try Data(contentsOf: url), name)
                parsed += 1
            } catch {
                XCTAssertTrue(error is FormatError, "\(name): \(error)")
            }
        }
        XCTAssertGreaterThan(parsed, 0)
    }

    func testEveryCutOffPrefixOfAValidFileIsRefused() throws {
        let url = URL(fileURLWithPath: "prefix.tok")
        let bytes = try [UInt8](Data(contentsOf: fixtureURL("token-files/mixed.tok")))
        for length in 0..<bytes.count {
            XCTAssertThrowsError(try bytes[..<length].withUnsafeBytes { try TokenFile(parsing: $0, url: url) }, "length \(length)") { error in
                XCTAssertTrue(error is FormatError, "length \(length): \(error)")
            }
        }
    }

    func testEverySingleBitFlipIsRefusedOrReadsAsAValidFile() throws {
        let url = URL(fileURLWithPath: "flipped.tok")
        let original = try [UInt8](Data(contentsOf: fixtureURL("token-files/mixed.tok")))
        let copy = try makeTemporaryDirectory().appendingPathComponent("copy.tok")
        var refused = 0
        for index in original.indices {
            for bit in 0..<8 {
                var bytes = original
                bytes[index] ^= UInt8(1 << bit)
                do {
                    let file = try bytes.withUnsafeBytes { try TokenFile(parsing: $0, url: url) }
                    // Whatever parses must survive a write and read unchanged.
                    try file.write(to: copy)
                    XCTAssertEqual(try TokenFile(contentsOf: copy), file)
                } catch {
                    XCTAssertTrue(error is FormatError, "\(error)")
                    refused += 1
                }
            }
        }
        XCTAssertGreaterThan(refused, original.count * 4)
    }

    func testWriterRefusesInvalidContentsAndLeavesNoFile() throws {
        let directory = try makeTemporaryDirectory()
        let url = directory.appendingPathComponent("out.tok")
        let cases: [(TokenFile, String)] = [
            (TokenFile(segments: [TokenSegment(text: [1, 10], vocabularySize: 10)]), "code 10 at position 1 is outside the codebook of 10"),
            (TokenFile(segments: [TokenSegment(text: [-1], vocabularySize: 10)]), "code -1 at position 0"),
            (TokenFile(segments: [TokenSegment(modality: .image, shape: [2, 2], codebookSize: 8, codes: [1, 2, 3])]),
             "shape [2, 2] holds 4 codes, but there are 3"),
            (TokenFile(segments: [TokenSegment(modality: .audio, shape: [4], codebookSize: 8, codes: [1, 2, 3, 4])]),
             "shape [4] has 1 dimensions, not 2"),
            (TokenFile(segments: [TokenSegment(modality: .image, shape: [-1, -2], codebookSize: 8, codes: [1, 2])]),
             "negative dimension"),
            (TokenFile(segments: [TokenSegment(text: [1], vocabularySize: 0)]), "codebook size 0"),
            (TokenFile(segments: [TokenSegment(text: [1], vocabularySize: 1 << 33)]), "codebook size 8589934592"),
            (TokenFile(segments: [TokenSegment(text: [1], vocabularySize: 10)], globalVocabularySize: 5), "has no global ids"),
            (TokenFile(segments: [TokenSegment(text: [1], vocabularySize: 10, ids: [1])]), "declares no global vocabulary"),
            (TokenFile(segments: [TokenSegment(text: [1], vocabularySize: 10, ids: [9])], globalVocabularySize: 5),
             "id 9 at position 0 is outside the global vocabulary of 5"),
            (TokenFile(segments: [TokenSegment(text: [1, 2], vocabularySize: 10, ids: [1])], globalVocabularySize: 5),
             "has 1 global ids for 2 codes"),
        ]
        for (file, problem) in cases {
            assertFormatError(try file.write(to: url), path: url, contains: problem)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [], problem)
        }
    }

    func testAFailedWriteKeepsTheOldFile() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("keep.tok")
        let good = TokenFile(segments: [TokenSegment(text: [1, 2], vocabularySize: 10)])
        try good.write(to: url)
        XCTAssertThrowsError(try TokenFile(segments: [TokenSegment(text: [11], vocabularySize: 10)]).write(to: url))
        XCTAssertEqual(try TokenFile(contentsOf: url), good)
    }
}
