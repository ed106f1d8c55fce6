import Formats
import Foundation
import XCTest

/// Files saved by PyTorch (`tools/make_format_fixtures.py`) read exactly as PyTorch reads them.
final class PythonFixtureTests: XCTestCase {
    private struct Expected: Decodable {
        let dtype: String
        let shape: [Int]
        let values: [Double]
    }

    private let dtypeNames: [String: SafetensorsDType] = [
        "float32": .float32, "float16": .float16, "bfloat16": .bfloat16, "int64": .int64,
    ]

    func testTorchSavedTensorsReadIdentically() throws {
        let url = try fixtureURL("torch_mixed.safetensors")
        let expected = try JSONDecoder().decode([String: Expected].self, from: Data(contentsOf: fixtureURL("torch_mixed.json")))
        let file = try SafetensorsFile(contentsOf: url)
        XCTAssertEqual(file.tensorNames, expected.keys.sorted())
        XCTAssertEqual(file.metadata, ["format": "pt", "made_by": "make_format_fixtures.py"])
        for (name, tensor) in expected {
            let info = try file.info(name)
            XCTAssertEqual(info.dtype, dtypeNames[tensor.dtype], name)
            XCTAssertEqual(info.shape, tensor.shape, name)
            let read = try file.tensor(name)
            XCTAssertEqual(read.shape, tensor.shape, name)
            if info.dtype == .int64 {
                XCTAssertEqual(try file.integers(name), tensor.values.map { Int64($0) }, name)
            } else {
                // Bit patterns, so that -0.0 must stay negative.
                XCTAssertEqual(read.toArray().map(\.bitPattern), tensor.values.map { Float($0).bitPattern }, name)
            }
        }
    }
}
