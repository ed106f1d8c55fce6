import TestSupport
import Formats
import Foundation
import XCTest

extension XCTestCase {
    /// The URL of a file or directory under Tests/FormatsTests/Fixtures.
    func fixtureURL(_ name: String) throws -> URL {
        try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil),
                      "missing fixture \(name); run tools/make_format_fixtures.py")
    }
}

/// Hand-made safetensors files, for inputs the writer never produces.
enum RawSafetensors {
    /// The bytes of a file: `declaredLength` (default: the header's byte count) as the 8-byte
    /// little-endian length, the header text, then `data`.
    static func bytes(header: String, data: [UInt8] = [], declaredLength: UInt64? = nil) -> Data {
        bytes(header: Array(header.utf8), data: data, declaredLength: declaredLength)
    }

    /// The same, for a header given as raw bytes (which need not be UTF-8).
    static func bytes(header: [UInt8], data: [UInt8] = [], declaredLength: UInt64? = nil) -> Data {
        var file = Data()
        withUnsafeBytes(of: (declaredLength ?? UInt64(header.count)).littleEndian) { file.append(contentsOf: $0) }
        file.append(contentsOf: header)
        file.append(contentsOf: data)
        return file
    }

    /// A header entry for one tensor.
    static func entry(_ dtype: String, _ shape: [Int], _ begin: Int, _ end: Int) -> String {
        "{\"dtype\":\"\(dtype)\",\"shape\":\(shape),\"data_offsets\":[\(begin),\(end)]}"
    }

    /// The little-endian bytes of `values`.
    static func littleEndianBytes<Value: FixedWidthInteger>(_ values: [Value]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }
    }
}
