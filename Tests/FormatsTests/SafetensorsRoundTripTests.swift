import TestSupport
import Formats
import Foundation
import Tensor
import XCTest

/// Files written by SafetensorsWriter read back through SafetensorsFile.
final class SafetensorsRoundTripTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory()
    }

    /// The first bytes of the data region of the file at `url` (its header length is read from the file).
    private func dataBytes(_ url: URL, count: Int) throws -> [UInt8] {
        let bytes = try Data(contentsOf: url)
        let headerLength = bytes.prefix(8).reversed().reduce(0) { $0 << 8 | Int($1) }
        return Array(bytes[(8 + headerLength)...].prefix(count))
    }

    func testFloat32RoundTripIsExact() throws {
        var generator = RandomGenerator(seed: 7)
        let tensors: [(name: String, tensor: Tensor)] = [
            ("layers.0.weight", Tensor.randomNormal([3, 5], std: 100, generator: &generator)),
            ("special", Tensor(shape: [6], values: [-0.0, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, .greatestFiniteMagnitude])),
            ("scalar", Tensor(scalar: 0.25)),
            ("empty", Tensor(zeros: [0, 4])),
        ]
        let url = directory.appendingPathComponent("f32.safetensors")
        try SafetensorsWriter.write(tensors, to: url)
        let file = try SafetensorsFile(contentsOf: url)
        XCTAssertEqual(file.tensorNames, ["empty", "layers.0.weight", "scalar", "special"])
        for (name, tensor) in tensors {
            let read = try file.tensor(name)
            XCTAssertEqual(read.shape, tensor.shape, name)
            XCTAssertEqual(read.toArray().map(\.bitPattern), tensor.toArray().map(\.bitPattern), name)
            XCTAssertEqual(try file.info(name).dtype, .float32)
            XCTAssertTrue(file.contains(name))
        }
        XCTAssertFalse(file.contains("missing"))
    }

    func testHalfPrecisionFilesHoldKnownBitPatterns() throws {
        let values: [Float] = [1, -2, 0.1, 65504, 65520, 0x1p-24, 1 + 0x1p-8, 1 + 3 * 0x1p-8]
        let expectedBits: [(SafetensorsDType, [UInt16])] = [
            (.float16, [0x3C00, 0xC000, 0x2E66, 0x7BFF, 0x7C00, 0x0001, 0x3C04, 0x3C0C]),
            (.bfloat16, [0x3F80, 0xC000, 0x3DCD, 0x4780, 0x4780, 0x3380, 0x3F80, 0x3F82]),
        ]
        for (dtype, bits) in expectedBits {
            let url = directory.appendingPathComponent("\(dtype.rawValue).safetensors")
            try SafetensorsWriter.write([("x", Tensor(shape: [2, 4], values: values))], dtype: dtype, to: url)
            XCTAssertEqual(try dataBytes(url, count: 16), RawSafetensors.littleEndianBytes(bits), dtype.rawValue)
            let file = try SafetensorsFile(contentsOf: url)
            XCTAssertEqual(try file.info("x").dtype, dtype)
            XCTAssertEqual(try file.info("x").shape, [2, 4])
            let expected = bits.map { bits in
                dtype == .float16 ? Float(Float16(bitPattern: bits)) : Float(bitPattern: UInt32(bits) << 16)
            }
            XCTAssertEqual(try file.tensor("x").toArray(), expected, dtype.rawValue)
        }
    }

    func testMetadataAlwaysHoldsFormatPt() throws {
        let url = directory.appendingPathComponent("meta.safetensors")
        try SafetensorsWriter.write([("x", Tensor(scalar: 1))], to: url)
        XCTAssertEqual(try SafetensorsFile(contentsOf: url).metadata, ["format": "pt"])
        try SafetensorsWriter.write([("x", Tensor(scalar: 1))], metadata: ["step": "120", "format": "np", "note": "a/b \"q\""], to: url)
        XCTAssertEqual(try SafetensorsFile(contentsOf: url).metadata, ["step": "120", "format": "pt", "note": "a/b \"q\""])
    }

    func testHeaderIsSortedPaddedAndDataIsContiguousInWriteOrder() throws {
        let url = directory.appendingPathComponent("layout.safetensors")
        try SafetensorsWriter.write([("b", Tensor(shape: [1], values: [2])), ("a", Tensor(shape: [2], values: [3, 4]))], to: url)
        let bytes = try Data(contentsOf: url)
        let headerLength = Int(bytes[0]) | Int(bytes[1]) << 8
        XCTAssertEqual(headerLength % 8, 0)
        XCTAssertEqual(bytes.count, 8 + headerLength + 12)
        let header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
        XCTAssertEqual(header.trimmingCharacters(in: .whitespaces), """
            {"__metadata__":{"format":"pt"},"a":{"data_offsets":[4,12],"dtype":"F32","shape":[2]},\
            "b":{"data_offsets":[0,4],"dtype":"F32","shape":[1]}}
            """)
    }

    func testRejectedWritesLeaveNoFileBehind() throws {
        let url = directory.appendingPathComponent("kept.safetensors")
        try SafetensorsWriter.write([("x", Tensor(scalar: 1))], to: url)
        let original = try Data(contentsOf: url)
        let one = Tensor(scalar: 1)
        assertFormatError(try SafetensorsWriter.write([("x", one), ("x", one)], to: url), path: url, contains: "duplicate tensor name 'x'")
        assertFormatError(try SafetensorsWriter.write([("__metadata__", one)], to: url), path: url, contains: "tensor name '__metadata__' is reserved")
        assertFormatError(try SafetensorsWriter.write([("x", one)], dtype: .int64, to: url), path: url, contains: "cannot write dtype I64")
        let unwritable = directory.appendingPathComponent("no/such/dir/x.safetensors")
        assertFormatError(try SafetensorsWriter.write([("x", one)], to: unwritable), path: unwritable, contains: "cannot create a temporary file")
        XCTAssertEqual(try Data(contentsOf: url), original)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["kept.safetensors"])
    }

    func testIntegerAndWideDTypesRead() throws {
        let header = "{" + [
            "\"i8\":" + RawSafetensors.entry("I8", [3], 0, 3),
            "\"u8\":" + RawSafetensors.entry("U8", [2], 3, 5),
            "\"bool\":" + RawSafetensors.entry("BOOL", [3], 5, 8),
            "\"i16\":" + RawSafetensors.entry("I16", [2], 8, 12),
            "\"i32\":" + RawSafetensors.entry("I32", [2], 12, 20),
            "\"i64\":" + RawSafetensors.entry("I64", [2], 20, 36),
            "\"u64\":" + RawSafetensors.entry("U64", [1], 36, 44),
            "\"f64\":" + RawSafetensors.entry("F64", [2], 44, 60),
        ].joined(separator: ",") + "}"
        let data = [0x80, 0x7F, 0x05] + [200, 0] + [1, 0, 1]
            + RawSafetensors.littleEndianBytes([Int16(-300), 300])
            + RawSafetensors.littleEndianBytes([Int32(-70000), 70000])
            + RawSafetensors.littleEndianBytes([Int64(-(1 << 40)), 1 << 40])
            + RawSafetensors.littleEndianBytes([UInt64.max])
            + RawSafetensors.littleEndianBytes([(0.1 as Double).bitPattern, (-1e300 as Double).bitPattern])
        // Header length 5 bytes off a multiple of 8: the data region is unaligned.
        let url = directory.appendingPathComponent("ints.safetensors")
        try RawSafetensors.bytes(header: header + "     ", data: data).write(to: url)
        let file = try SafetensorsFile(contentsOf: url)
        XCTAssertEqual(try file.integers("i8"), [-128, 127, 5])
        XCTAssertEqual(try file.integers("u8"), [200, 0])
        XCTAssertEqual(try file.integers("bool"), [1, 0, 1])
        XCTAssertEqual(try file.integers("i16"), [-300, 300])
        XCTAssertEqual(try file.integers("i32"), [-70000, 70000])
        XCTAssertEqual(try file.integers("i64"), [-(1 << 40), 1 << 40])
        XCTAssertEqual(try file.tensor("i32").toArray(), [-70000, 70000])
        XCTAssertEqual(try file.tensor("i8").toArray(), [-128, 127, 5])
        XCTAssertEqual(try file.tensor("u64").toArray(), [Float(UInt64.max)])
        XCTAssertEqual(try file.tensor("f64").toArray(), [0.1, -.infinity])
        assertFormatError(try file.integers("u64"), path: url, contains: "tensor 'u64' holds U64 values beyond Int64")
    }
}
