import TestSupport
import Formats
import Foundation
import Tensor
import XCTest

/// Model directories with one safetensors file or an index and shards.
final class CheckpointTensorsTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory()
    }

    /// Writes `model.safetensors.index.json` mapping tensor names to shard file names.
    private func writeIndex(_ weightMap: [String: String]) throws {
        let index = ["metadata": ["total_size": 0], "weight_map": weightMap] as [String: Any]
        try JSONSerialization.data(withJSONObject: index).write(to: directory.appendingPathComponent(CheckpointTensors.indexFileName))
    }

    func testTransformersShardedCheckpointReads() throws {
        struct Summary: Decodable {
            let shape: [Int]
            let first: [Float]
            let sum: Double
        }
        let expected = try JSONDecoder().decode([String: Summary].self, from: Data(contentsOf: fixtureURL("tiny_llama.json")))
        let checkpoint = try CheckpointTensors(directory: fixtureURL("tiny_llama"))
        XCTAssertEqual(checkpoint.tensorNames, expected.keys.sorted())
        for (name, summary) in expected {
            let tensor = try checkpoint.tensor(name)
            XCTAssertEqual(tensor.shape, summary.shape, name)
            XCTAssertEqual(Array(tensor.toArray().prefix(4)), summary.first, name)
            let sum = tensor.toArray().reduce(0) { $0 + Double($1) }
            XCTAssertEqual(sum, summary.sum, accuracy: 1e-9 * Double(tensor.count), name)
            XCTAssertEqual(try checkpoint.info(name).dtype, .float32)
        }
    }

    func testSwiftWrittenShardsRead() throws {
        try SafetensorsWriter.write([("a", Tensor(shape: [2], values: [1, 2])), ("b", Tensor(scalar: 3))],
                                    to: directory.appendingPathComponent("part-1.safetensors"))
        try SafetensorsWriter.write([("c", Tensor(shape: [1, 2], values: [4, 5]))], dtype: .bfloat16,
                                    to: directory.appendingPathComponent("part-2.safetensors"))
        try writeIndex(["a": "part-1.safetensors", "b": "part-1.safetensors", "c": "part-2.safetensors"])
        let checkpoint = try CheckpointTensors(directory: directory)
        XCTAssertEqual(checkpoint.tensorNames, ["a", "b", "c"])
        XCTAssertEqual(try checkpoint.tensor("a").toArray(), [1, 2])
        XCTAssertEqual(try checkpoint.tensor("b").item, 3)
        XCTAssertEqual(try checkpoint.tensor("c").shape, [1, 2])
        XCTAssertEqual(try checkpoint.info("c").dtype, .bfloat16)
        XCTAssertTrue(checkpoint.contains("c"))
        assertFormatError(try checkpoint.tensor("d"), path: directory, contains: "no tensor named 'd'")
    }

    func testSingleFileWinsOverAnIndex() throws {
        try SafetensorsWriter.write([("only", Tensor(scalar: 1))], to: directory.appendingPathComponent(CheckpointTensors.singleFileName))
        try writeIndex(["other": "missing.safetensors"])
        XCTAssertEqual(try CheckpointTensors(directory: directory).tensorNames, ["only"])
    }

    func testBadDirectoriesAndIndexesAreReported() throws {
        assertFormatError(try CheckpointTensors(directory: directory), path: directory,
                          contains: "no model.safetensors or model.safetensors.index.json")
        let index = directory.appendingPathComponent(CheckpointTensors.indexFileName)
        try Data("{\"metadata\": {}}".utf8).write(to: index)
        assertFormatError(try CheckpointTensors(directory: directory), path: index, contains: "no weight_map object")
        try Data("{\"weight_map\": ".utf8).write(to: index)
        assertFormatError(try CheckpointTensors(directory: directory), path: index, contains: "not valid JSON")
        try writeIndex(["a": "../outside.safetensors"])
        assertFormatError(try CheckpointTensors(directory: directory), path: index,
                          contains: "weight_map entry of 'a' is \"../outside.safetensors\", not a file name in the directory")
        try writeIndex(["a": "absent.safetensors"])
        let absent = directory.appendingPathComponent("absent.safetensors")
        assertFormatError(try CheckpointTensors(directory: directory), path: absent, contains: "cannot open")
        try SafetensorsWriter.write([("a", Tensor(scalar: 1))], to: directory.appendingPathComponent("s.safetensors"))
        try writeIndex(["a": "s.safetensors", "b": "s.safetensors"])
        assertFormatError(try CheckpointTensors(directory: directory), path: index, contains: "tensor 'b' is missing from its shard s.safetensors")
    }
}
