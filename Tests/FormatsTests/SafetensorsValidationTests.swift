import TestSupport
import Formats
import Foundation
import XCTest

/// Malformed safetensors files: each must be refused with a FormatError naming the problem.
final class SafetensorsValidationTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory()
    }

    /// Writes `bytes` to a new file and asserts that opening it fails with `problem`.
    private func assertRejected(_ bytes: Data, _ problem: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = directory.appendingPathComponent("case-\(line).safetensors")
        try bytes.write(to: url)
        assertFormatError(try SafetensorsFile(contentsOf: url), path: url, contains: problem, file: file, line: line)
    }

    /// Asserts that a file whose header is `{"t": <entry>}` over `dataSize` zero bytes fails with `problem`.
    private func assertEntryRejected(_ entry: String, dataSize: Int = 16, _ problem: String,
                                     file: StaticString = #filePath, line: UInt = #line) throws {
        let bytes = RawSafetensors.bytes(header: "{\"t\":\(entry)}", data: Array(repeating: 0, count: dataSize))
        try assertRejected(bytes, "tensor 't': " + problem, file: file, line: line)
    }

    func testShortFilesAreRejected() throws {
        try assertRejected(Data(), "file is 0 bytes, too short")
        try assertRejected(Data([1, 0, 0, 0, 0]), "file is 5 bytes, too short")
    }

    func testHeaderLengthMustFitTheFile() throws {
        let header = "{\"t\":\(RawSafetensors.entry("F32", [1], 0, 4))}"
        try assertRejected(RawSafetensors.bytes(header: header, declaredLength: 1 << 62), "header length 4611686018427387904 runs past the end")
        try assertRejected(RawSafetensors.bytes(header: header, declaredLength: UInt64.max), "runs past the end")
        let complete = RawSafetensors.bytes(header: header, data: [0, 0, 128, 63])
        try assertRejected(complete.prefix(20), "runs past the end of the file (20 bytes)")
        try assertRejected(complete.dropLast(), "data_offsets end 4 is beyond the data region of 3 bytes")
    }

    func testHeaderLengthAboveTheLimitIsRejected() throws {
        // A sparse file, so the oversized header costs no disk space.
        let url = directory.appendingPathComponent("huge.safetensors")
        try RawSafetensors.bytes(header: "{}", declaredLength: 100_000_001).write(to: url)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 100_000_016)
        try handle.close()
        assertFormatError(try SafetensorsFile(contentsOf: url), path: url, contains: "header length 100000001 exceeds the limit")
    }

    func testHeaderMustBeAJSONObject() throws {
        try assertRejected(RawSafetensors.bytes(header: [0x7B, 0xFF, 0xFE, 0x7D]), "header is not valid UTF-8")
        try assertRejected(RawSafetensors.bytes(header: "{not json"), "header is not valid JSON")
        try assertRejected(RawSafetensors.bytes(header: String(repeating: "[", count: 100_000)), "header is not valid JSON")
        try assertRejected(RawSafetensors.bytes(header: "[1, 2]"), "header is an array, not a JSON object")
        try assertRejected(RawSafetensors.bytes(header: "{\"__metadata__\": {\"n\": 3}}"), "__metadata__: holds a number, not only strings")
    }

    func testEntriesNeedEveryFieldWithTheRightType() throws {
        try assertEntryRejected("5", "entry is a number, not an object")
        try assertEntryRejected("{\"shape\":[1],\"data_offsets\":[0,4]}", "missing dtype")
        try assertEntryRejected("{\"dtype\":\"F32\",\"data_offsets\":[0,4]}", "missing shape")
        try assertEntryRejected("{\"dtype\":\"F32\",\"shape\":[1]}", "missing data_offsets")
        try assertEntryRejected("{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}", "dtype is a number, not a string")
        try assertEntryRejected("{\"dtype\":\"F32\",\"shape\":\"1\",\"data_offsets\":[0,4]}", "shape is a string, not an array")
        try assertEntryRejected(RawSafetensors.entry("F32", [1], 0, 4).replacingOccurrences(of: "[1]", with: "[1.5]"),
                                "shape must hold only 64-bit integers")
        try assertEntryRejected(RawSafetensors.entry("F32", [1], 0, 4).replacingOccurrences(of: "[0,4]", with: "[0,\"4\"]"),
                                "data_offsets must hold only 64-bit integers")
    }

    func testUnknownDTypeIsRejected() throws {
        try assertEntryRejected(RawSafetensors.entry("F7", [1], 0, 4), "unknown dtype 'F7'")
    }

    func testShapesMustBeNonNegativeAndNotOverflow() throws {
        try assertEntryRejected(RawSafetensors.entry("F32", [2, -1], 0, 4), "negative dimension in shape [2, -1]")
        try assertEntryRejected(RawSafetensors.entry("F32", [1 << 40, 1 << 40], 0, 4), "element count of shape [1099511627776, 1099511627776] overflows")
        try assertEntryRejected(RawSafetensors.entry("F64", [1 << 61], 0, 4), "byte size of shape [2305843009213693952] overflows")
    }

    func testOffsetsMustBeAnOrderedPairInsideTheData() throws {
        try assertEntryRejected(RawSafetensors.entry("F32", [1], 8, 4), "data_offsets [8, 4] do not satisfy 0 <= begin <= end")
        try assertEntryRejected(RawSafetensors.entry("F32", [1], -4, 0), "data_offsets [-4, 0] do not satisfy")
        try assertEntryRejected(RawSafetensors.entry("F32", [1], 0, 4).replacingOccurrences(of: "[0,4]", with: "[4]"),
                                "data_offsets has 1 values, not [begin, end]")
        try assertEntryRejected(RawSafetensors.entry("F32", [1], 16, 20), "data_offsets end 20 is beyond the data region of 16 bytes")
        try assertEntryRejected(RawSafetensors.entry("F32", [1], 0, 1 << 62), "data_offsets end 4611686018427387904 is beyond")
    }

    func testByteSizeMustMatchTheShape() throws {
        try assertEntryRejected(RawSafetensors.entry("F32", [3], 0, 8), "shape [3] of F32 needs 12 bytes but data_offsets span 8")
        try assertEntryRejected(RawSafetensors.entry("BF16", [2, 2], 0, 16), "shape [2, 2] of BF16 needs 8 bytes but data_offsets span 16")
    }

    func testOverlappingTensorsAreRejected() throws {
        let header = "{\"a\":\(RawSafetensors.entry("F32", [2], 0, 8)),\"b\":\(RawSafetensors.entry("F32", [2], 4, 12)),"
            + "\"c\":\(RawSafetensors.entry("F32", [1], 12, 16))}"
        try assertRejected(RawSafetensors.bytes(header: header, data: Array(repeating: 0, count: 16)), "tensors 'a' and 'b' overlap")
        let nested = "{\"a\":\(RawSafetensors.entry("F32", [4], 0, 16)),\"b\":\(RawSafetensors.entry("F32", [1], 8, 12))}"
        try assertRejected(RawSafetensors.bytes(header: nested, data: Array(repeating: 0, count: 16)), "tensors 'a' and 'b' overlap")
    }

    func testEmptyTensorsMayShareAnOffset() throws {
        let header = "{\"a\":\(RawSafetensors.entry("F32", [0], 4, 4)),\"b\":\(RawSafetensors.entry("F32", [2], 0, 8))}"
        let url = directory.appendingPathComponent("empty.safetensors")
        try RawSafetensors.bytes(header: header, data: Array(repeating: 0, count: 8)).write(to: url)
        let file = try SafetensorsFile(contentsOf: url)
        XCTAssertEqual(try file.tensor("a").shape, [0])
        XCTAssertEqual(try file.tensor("b").toArray(), [0, 0])
    }

    func testMissingFilesDirectoriesAndTensorsAreReported() throws {
        let missing = directory.appendingPathComponent("missing.safetensors")
        assertFormatError(try SafetensorsFile(contentsOf: missing), path: missing, contains: "cannot open: No such file")
        assertFormatError(try SafetensorsFile(contentsOf: directory), path: directory, contains: "not a regular file")
        let url = directory.appendingPathComponent("one.safetensors")
        try RawSafetensors.bytes(header: "{\"t\":\(RawSafetensors.entry("F32", [1], 0, 4))}", data: [0, 0, 0, 0]).write(to: url)
        let file = try SafetensorsFile(contentsOf: url)
        assertFormatError(try file.tensor("u"), path: url, contains: "no tensor named 'u'")
        assertFormatError(try file.info("u"), path: url, contains: "no tensor named 'u'")
        assertFormatError(try file.integers("t"), path: url, contains: "tensor 't' has dtype F32, not an integer type")
    }
}
