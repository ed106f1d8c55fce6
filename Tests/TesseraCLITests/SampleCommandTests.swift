import Foundation
import TestSupport
import XCTest

/// `tessera sample` on the bare checkpoints of Tests/LMTests/Fixtures.
final class SampleCommandTests: XCTestCase {
    private func fixture(_ name: String) -> URL { CLIFixtures.testsDirectory.appendingPathComponent("LMTests/Fixtures/\(name)") }

    /// The first reference generation of a fixture: prompt and greedy new ids.
    private func reference(_ name: String) throws -> (prompt: [Int], ids: [Int]) {
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: fixture(name).appendingPathComponent("expected.json"))) as? [String: Any]
        let first = try XCTUnwrap((expected?["generations"] as? [[String: Any]])?.first)
        return (try XCTUnwrap(first["prompt"] as? [Int]), try XCTUnwrap(first["new_ids"] as? [Int]))
    }

    func testGreedyJSONMatchesTransformers() throws {
        for name in ["tied", "sharded"] {
            let (prompt, ids) = try reference(name)
            let result = try Tessera.run(["sample", "--model", fixture(name).path, "--ids", prompt.map(String.init).joined(separator: " "),
                                          "--greedy", "--max-new", String(ids.count), "--json"])
            XCTAssertEqual(result.status, 0, result.standardError)
            XCTAssertEqual(result.standardOutput, "{\"ids\":[\(ids.map(String.init).joined(separator: ","))]}\n", name)
        }
    }

    func testSeededSamplingReproduces() throws {
        let arguments = ["sample", "--model", fixture("untied").path, "--ids", "5,6,7", "--max-new", "12", "--temperature", "1.5",
                         "--top-k", "50", "--top-p", "0.9", "--seed", "7"]
        let first = try Tessera.run(arguments), second = try Tessera.run(arguments)
        XCTAssertEqual(first.status, 0, first.standardError)
        XCTAssertEqual(first.standardOutput, second.standardOutput)
        XCTAssertEqual(first.standardOutput.split(separator: " ").count, 12)
    }

    func testBadInputIsAOneLineError() throws {
        let tied = fixture("tied")
        let outside = try Tessera.run(["sample", "--model", tied.path, "--ids", "1 600", "--greedy"])
        assertOneLineError(outside, path: tied.path, contains: "id 600 is outside the vocabulary of 600 ids")
        let long = try Tessera.run(["sample", "--model", tied.path, "--ids", Array(repeating: "3", count: 65).joined(separator: " ")])
        assertOneLineError(long, path: tied.path, contains: "65 positions exceed the context of 64")

        let directory = try makeTemporaryDirectory()
        for file in ["model.safetensors", "config.json"] {
            try FileManager.default.copyItem(at: tied.appendingPathComponent(file), to: directory.appendingPathComponent(file))
        }
        let config = directory.appendingPathComponent("config.json")
        let text = try String(contentsOf: config, encoding: .utf8).replacingOccurrences(of: "\"intermediate_size\": 64", with: "\"intermediate_size\": 48")
        try text.write(to: config, atomically: true, encoding: .utf8)
        let mismatch = try Tessera.run(["sample", "--model", directory.path, "--ids", "1 2"])
        assertOneLineError(mismatch, path: directory.path, contains: "has shape [64, 32], expected [48, 32]")

        let usage = try Tessera.run(["sample", "--model", tied.path, "--ids", "1 two"])
        XCTAssertEqual(usage.status, 2, usage.standardError)
    }
}
