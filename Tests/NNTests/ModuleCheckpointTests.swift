import Formats
import Foundation
import NN
import Tensor
import XCTest

/// A module saved as safetensors loads back into a fresh module with the same values.
final class ModuleCheckpointTests: XCTestCase {
    func testSaveThenLoadFromDirectory() throws {
        var generator = RandomGenerator(seed: 3)
        let original = SelfAttention(dimension: 8, heads: 2, kvHeads: 1, generator: &generator)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-module-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try original.save(to: directory.appendingPathComponent(CheckpointTensors.singleFileName), prefix: "model.layers.0.self_attn.")

        let restored = SelfAttention(dimension: 8, heads: 2, kvHeads: 1, generator: &generator)
        XCTAssertNotEqual(restored.parameters[0].toArray(), original.parameters[0].toArray())
        try restored.load(from: CheckpointTensors(directory: directory), prefix: "model.layers.0.self_attn.")
        for (a, b) in zip(original.namedParameters(), restored.namedParameters()) {
            XCTAssertEqual(a.key, b.key)
            XCTAssertEqual(a.tensor.toArray(), b.tensor.toArray())
        }
        let file = try SafetensorsFile(contentsOf: directory.appendingPathComponent(CheckpointTensors.singleFileName))
        XCTAssertEqual(file.tensorNames.first, "model.layers.0.self_attn.k_proj.weight")
    }

    func testMissingKeyNamesTheDirectory() throws {
        var generator = RandomGenerator(seed: 4)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-module-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Linear(2, 2, bias: false, generator: &generator).save(to: directory.appendingPathComponent(CheckpointTensors.singleFileName))
        XCTAssertThrowsError(try Linear(2, 2, generator: &generator).load(from: CheckpointTensors(directory: directory))) { error in
            XCTAssertEqual("\(error)", "\(directory.path): missing parameter bias")
        }
    }
}
