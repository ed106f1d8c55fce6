import TestSupport
import Formats
import Foundation
import Tensor
import XCTest

/// Writes the files `tools/check_safetensors_roundtrip.py` loads with Hugging Face safetensors.
final class SafetensorsExportTests: XCTestCase {
    /// Set by the Python check to the directory it reads; otherwise files go to a temporary directory.
    static let exportDirectoryVariable = "TESSERA_SAFETENSORS_EXPORT_DIR"

    /// Values that exercise rounding: ties, subnormals, overflow, infinities, NaN, negative zero.
    private func sampleValues() -> [Float] {
        var generator = RandomGenerator(seed: 11)
        let special: [Float] = [0, -0.0, 1, 1 + 0x1p-8, 1 + 3 * 0x1p-8, 1 + 0x1p-11, 1 + 3 * 0x1p-11, 65504, 65519, 65520, 1e6,
                                0x1p-24, 0x1p-25, 3 * 0x1p-26, 0x1p-133, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
                                .infinity, -.infinity, .nan, 0.1, -3.14159265]
        let random = (0..<178).map { index in generator.nextNormal() * Float(sign: .plus, exponent: index % 40 - 20, significand: 1) }
        return special + random
    }

    func testWritesFilesForPythonCheck() throws {
        let directory: URL
        if let path = ProcessInfo.processInfo.environment[Self.exportDirectoryVariable] {
            directory = URL(fileURLWithPath: path)
        } else {
            directory = try makeTemporaryDirectory()
        }
        let values = sampleValues()
        let tensors: [(name: String, tensor: Tensor)] = [
            ("samples", Tensor(shape: [4, 50], values: values)),
            ("scalar", Tensor(scalar: -1.5)),
            ("empty", Tensor(zeros: [0, 3])),
        ]
        for dtype in SafetensorsWriter.writableDTypes {
            let url = directory.appendingPathComponent("swift_\(dtype.rawValue).safetensors")
            try SafetensorsWriter.write(tensors, metadata: ["writer": "tessera"], dtype: dtype, to: url)
            let file = try SafetensorsFile(contentsOf: url)
            XCTAssertEqual(file.metadata, ["writer": "tessera", "format": "pt"])
            XCTAssertEqual(try file.info("samples").shape, [4, 50])
            XCTAssertEqual(try file.tensor("scalar").item, -1.5)
            XCTAssertEqual(try file.tensor("empty").shape, [0, 3])
            if dtype == .float32 {
                XCTAssertEqual(try file.tensor("samples").toArray().map(\.bitPattern), values.map(\.bitPattern))
            }
        }
        // The exact source values, for Python to round itself.
        let bits = try JSONSerialization.data(withJSONObject: ["samples": values.map { Int($0.bitPattern) }])
        try bits.write(to: directory.appendingPathComponent("swift_samples_bits.json"))
    }
}
