import Foundation
import Formats
import LM
import Tensor
import XCTest

/// One reference model of tools/make_lm_fixtures.py: its directory, inputs, logits and greedy
/// generations.
struct LMFixture {
    /// One `generate` call of the reference.
    struct Generation: Decodable {
        let prompt: [Int32]
        let repetition_penalty: Float
        let max_new_tokens: Int
        let new_ids: [Int32]
    }

    private struct Expected: Decodable { let generations: [Generation] }

    /// The fixture models' names.
    static let names = ["tied", "untied", "sharded"]

    let directory: URL
    /// [2, 16] real token ids, row-major.
    let inputIDs: [Int32]
    /// [2, 16, 600] reference logits.
    let logits: Tensor
    let generations: [Generation]

    init(_ name: String) throws {
        directory = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/\(name)")
        let expected = try SafetensorsFile(contentsOf: directory.appendingPathComponent("expected.safetensors"))
        inputIDs = try expected.integers("input_ids").map { Int32($0) }
        logits = try expected.tensor("logits")
        generations = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: directory.appendingPathComponent("expected.json"))).generations
    }

    func model() throws -> LlamaForCausalLM { try LlamaForCausalLM.load(from: directory) }
}

/// Asserts that two tensors have the same shape and differ by at most `tolerance` anywhere.
func assertClose(_ actual: Tensor, _ expected: Tensor, tolerance: Float, _ message: String,
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.shape, expected.shape, message, file: file, line: line)
    guard actual.shape == expected.shape else { return }
    let difference = zip(actual.data, expected.data).map { Swift.abs($0 - $1) }.max() ?? 0
    XCTAssertLessThanOrEqual(difference, tolerance, "\(message): max |difference| \(difference)", file: file, line: line)
}
