import TestSupport
import Formats
import Foundation
import XCTest

/// The Megatron-LM indexed dataset: exact bytes, round trips, resuming, and refusal of bad files.
final class IndexedDatasetTests: XCTestCase {
    private let documents = [[1, 2, 3], [], [65535, 0], [7]]

    private func write(_ documents: [[Int]], dtype: IndexedDatasetDType, in directory: URL) throws -> URL {
        let prefix = directory.appendingPathComponent("shard")
        let writer = try IndexedDatasetWriter(prefix: prefix, dtype: dtype)
        for document in documents { try writer.append(document) }
        try writer.finish()
        return prefix
    }

    func testIndexBytesFollowMegatronsLayout() throws {
        let prefix = try write(documents, dtype: .uint16, in: makeTemporaryDirectory())
        var expected = Array("MMIDIDX".utf8) + [0, 0]
        func append<Value: FixedWidthInteger>(_ values: [Value]) {
            for value in values { withUnsafeBytes(of: value.littleEndian) { expected += $0 } }
        }
        append([UInt64(1)])
        expected.append(8)  // uint16
        append([UInt64(4), UInt64(5)])  // sequences, document indices
        append([Int32(3), 0, 2, 1])  // lengths
        append([Int64(0), 6, 6, 10])  // byte pointers
        append([Int64(0), 1, 2, 3, 4])  // document indices
        XCTAssertEqual(try Data(contentsOf: IndexedDataset.indexURL(prefix: prefix)), Data(expected))
        XCTAssertEqual(try Data(contentsOf: IndexedDataset.dataURL(prefix: prefix)), Data([1, 0, 2, 0, 3, 0, 255, 255, 0, 0, 7, 0]))
        XCTAssertFalse(FileManager.default.fileExists(atPath: IndexedDatasetWriter.partialDataURL(prefix: prefix).path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: IndexedDatasetWriter.partialLengthsURL(prefix: prefix).path))
    }

    func testRoundTripInEveryDType() throws {
        for dtype in [IndexedDatasetDType.uint16, .int32] {
            let dataset = try IndexedDataset(prefix: write(documents, dtype: dtype, in: makeTemporaryDirectory()))
            XCTAssertEqual(dataset.index.dtype, dtype)
            XCTAssertEqual((0..<dataset.documentCount).map { dataset.document($0) }, documents)
        }
        let masks = [[0, 1, 1], [], [255]]
        let dataset = try IndexedDataset(prefix: write(masks, dtype: .uint8, in: makeTemporaryDirectory()))
        XCTAssertEqual(dataset.index.dtype.rawValue, 1)
        XCTAssertEqual((0..<dataset.documentCount).map { dataset.document($0) }, masks)
    }

    func testDTypeFollowsVocabularySize() {
        XCTAssertEqual(IndexedDatasetDType(vocabularySize: 65535), .uint16)
        XCTAssertEqual(IndexedDatasetDType(vocabularySize: 65536), .int32)
        XCTAssertEqual(IndexedDatasetDType.uint16.rawValue, 8)
        XCTAssertEqual(IndexedDatasetDType.int32.rawValue, 4)
    }

    func testResumingKeepsOnlyTheRecordedDocuments() throws {
        let directory = try makeTemporaryDirectory()
        let prefix = directory.appendingPathComponent("shard")
        let first = try IndexedDatasetWriter(prefix: prefix, dtype: .int32)
        for document in documents.prefix(3) { try first.append(document) }
        // A killed run: three documents on disk, only two recorded as done.
        let resumed = try IndexedDatasetWriter(prefix: prefix, dtype: .int32, resumingAfter: 2)
        XCTAssertEqual(resumed.documentCount, 2)
        XCTAssertEqual(resumed.tokenCount, 3)
        for document in documents.dropFirst(2) { try resumed.append(document) }
        try resumed.finish()
        let dataset = try IndexedDataset(prefix: prefix)
        XCTAssertEqual((0..<dataset.documentCount).map { dataset.document($0) }, documents)
        assertFormatError(try IndexedDatasetWriter(prefix: directory.appendingPathComponent("none"), dtype: .int32, resumingAfter: 1),
                          path: IndexedDatasetWriter.partialLengthsURL(prefix: directory.appendingPathComponent("none")),
                          contains: "fewer than the 1 recorded")
    }

    func testIDsThatDoNotFitAreRefused() throws {
        let prefix = try makeTemporaryDirectory().appendingPathComponent("shard")
        let writer = try IndexedDatasetWriter(prefix: prefix, dtype: .uint16)
        assertFormatError(try writer.append([65536]), path: IndexedDatasetWriter.partialDataURL(prefix: prefix), contains: "does not fit")
    }

    func testBadFilesAreRefusedInOneLine() throws {
        let directory = try makeTemporaryDirectory()
        let prefix = try write(documents, dtype: .uint16, in: directory)
        let indexURL = IndexedDataset.indexURL(prefix: prefix), dataURL = IndexedDataset.dataURL(prefix: prefix)
        let index = try Data(contentsOf: indexURL), data = try Data(contentsOf: dataURL)
        let cases: [(Data, Data, URL, String)] = [
            (Data("MMIDIDY\0\0".utf8) + index.dropFirst(9), data, indexURL, "not a Megatron indexed-dataset index"),
            (index.prefix(20), data, indexURL, "cut off"),
            (index.dropLast(8), data, indexURL, "but the file has"),
            (index, data.dropLast(2), dataURL, "holds 10 bytes, but shard.idx describes 12"),
            (patched(index, at: 17, [5]), data, indexURL, "dtype code 5 is not supported"),
            (patched(index, at: 9, [2]), data, indexURL, "version 2"),
            (patched(index, at: 34 + 16 + 8, [9]), data, indexURL, "sequence 1 starts at byte 9, not 6"),
            (patched(index, at: 34 + 4, [0xFF, 0xFF, 0xFF, 0xFF]), data, indexURL, "sequence 1 has a negative length"),
        ]
        for (indexBytes, dataBytes, badURL, problem) in cases {
            try indexBytes.write(to: indexURL)
            try dataBytes.write(to: dataURL)
            assertFormatError(try IndexedDataset(prefix: prefix), path: badURL, contains: problem)
        }
    }

    private func patched(_ data: Data, at offset: Int, _ bytes: [UInt8]) -> Data {
        var copy = data
        copy.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
        return copy
    }
}
