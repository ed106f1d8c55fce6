import TestSupport
import Formats
import Foundation
import XCTest

/// Token files written and read back, and a file laid out by Python read exactly.
final class TokenFileRoundTripTests: XCTestCase {
    private struct ExpectedFile: Decodable {
        struct Segment: Decodable {
            let modality: String
            let shape: [Int]
            let codebook_size: Int
            let codes: [Int]
            let ids: [Int]?
        }

        let vocabulary_checksum: String
        let global_vocabulary_size: Int
        let segments: [Segment]
    }

    /// The contents of Fixtures/token-files/mixed.tok, as tools/make_token_fixtures.py describes them.
    private func pythonFile() throws -> TokenFile {
        let expected = try JSONDecoder().decode(ExpectedFile.self, from: Data(contentsOf: fixtureURL("token-files/mixed.json")))
        let segments = try expected.segments.map { segment in
            TokenSegment(modality: try XCTUnwrap(TokenModality(rawValue: segment.modality)), shape: segment.shape,
                         codebookSize: segment.codebook_size, codes: segment.codes, ids: segment.ids)
        }
        return TokenFile(segments: segments, vocabularyChecksum: SHA256Digest(hex: expected.vocabulary_checksum),
                         globalVocabularySize: expected.global_vocabulary_size)
    }

    func testReadsTheFileLaidOutByPython() throws {
        let file = try TokenFile(contentsOf: fixtureURL("token-files/mixed.tok"))
        XCTAssertEqual(file, try pythonFile())
        XCTAssertEqual(file.segments.map(\.modality), [.text, .image, .audio])
    }

    func testWritesTheSameBytesAsPython() throws {
        let output = try makeTemporaryDirectory().appendingPathComponent("mixed.tok")
        try pythonFile().write(to: output)
        XCTAssertEqual(try Data(contentsOf: output), try Data(contentsOf: fixtureURL("token-files/mixed.tok")))
    }

    func testRoundTripsEveryModalityWithAndWithoutHeaderExtras() throws {
        let directory = try makeTemporaryDirectory()
        let segments = [
            TokenSegment(text: [0, 17, 31999], vocabularySize: 32000),
            TokenSegment(modality: .image, shape: [2, 2], codebookSize: 16384, codes: [3, 2, 1, 0]),
            TokenSegment(modality: .audio, shape: [3, 1], codebookSize: 1024, codes: [1023, 0, 512]),
            TokenSegment(text: [], vocabularySize: 1),
        ]
        let checksum = SHA256.hash(Data("vocabulary".utf8))
        let withIDs = segments.map { segment -> TokenSegment in
            var copy = segment
            copy.ids = segment.codes.map { $0 + 7 }
            return copy
        }
        let files = [
            TokenFile(segments: segments),
            TokenFile(segments: segments, vocabularyChecksum: checksum),
            TokenFile(segments: withIDs, globalVocabularySize: 40000),
            TokenFile(segments: withIDs, vocabularyChecksum: checksum, globalVocabularySize: 40000),
            TokenFile(segments: []),
        ]
        for (index, file) in files.enumerated() {
            let url = directory.appendingPathComponent("\(index).tok")
            try file.write(to: url)
            XCTAssertEqual(try TokenFile(contentsOf: url), file, "file \(index)")
        }
    }

    func testParsesFromMemory() throws {
        let data = try Data(contentsOf: fixtureURL("token-files/mixed.tok"))
        let parsed = try data.withUnsafeBytes { try TokenFile(parsing: $0, url: URL(fileURLWithPath: "memory.tok")) }
        XCTAssertEqual(parsed, try pythonFile())
    }
}
