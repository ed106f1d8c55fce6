import Formats
import Foundation
import XCTest

/// `tessera export hf|gguf` on the LM fixtures.
final class ExportCommandTests: XCTestCase {
    private let sharded = CLIFixtures.testsDirectory.appendingPathComponent("LMTests/Fixtures/sharded")

    func testHFExportConvertsShardsToOneFileWithTheSameWeights() throws {
        let output = try makeTemporaryDirectory().appendingPathComponent("hf")
        let result = try Tessera.run(["export", "hf", "--model", sharded.path, "-o", output.path, "--dtype", "bf16"])
        XCTAssertEqual(result.status, 0, result.standardError)
        assertDirectory(output, holds: ["config.json", "model.safetensors"])
        let (original, exported) = (try CheckpointTensors(directory: sharded), try CheckpointTensors(directory: output))
        XCTAssertEqual(original.tensorNames, exported.tensorNames)
        for name in original.tensorNames { XCTAssertEqual(try original.tensor(name).toArray(), try exported.tensor(name).toArray(), name) }
    }

    /// The GGUF header: magic, version 3, one tensor per weight (2 layers × 9 + 3), the llama
    /// architecture and the SentencePiece table with the extended vocabulary's added tokens.
    func testGGUFExportWritesTheLlamaHeaderAndAddedTokens() throws {
        let directory = try LMWorkspace.make(self)
        let output = directory.appendingPathComponent("model.gguf")
        let result = try Tessera.run(["export", "gguf", "--model", directory.appendingPathComponent("base").path,
                                      "--vocab", directory.appendingPathComponent("v.json").path, "--dtype", "f16", "-o", output.path])
        XCTAssertEqual(result.status, 0, result.standardError)
        let bytes = try Data(contentsOf: output)
        XCTAssertEqual(Array(bytes.prefix(4)), Array("GGUF".utf8))
        func integer(at offset: Int) -> UInt64 { bytes.subdata(in: offset..<offset + 8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) } }
        XCTAssertEqual(bytes[4], 3)
        XCTAssertEqual(integer(at: 8), 1 * 9 + 3, "llama-tiny has one layer and an untied head")
        let text = String(decoding: bytes.prefix(200_000), as: UTF8.self)
        for expected in ["general.architecture", "llama", "tokenizer.ggml.tokens", "<boi>", "<image_15>", "<audio_1_0>", "blk.0.attn_q.weight"] {
            XCTAssert(text.contains(expected), expected)
        }
    }

    func testBadInput() throws {
        let output = try makeTemporaryDirectory().appendingPathComponent("x.gguf")
        XCTAssertEqual(try Tessera.run(["export", "gguf", "--model", sharded.path, "-o", output.path]).status, 2, "gguf needs a tokenizer")
        let missing = output.deletingLastPathComponent().appendingPathComponent("none")
        let result = try Tessera.run(["export", "hf", "--model", missing.path, "-o", output.path])
        assertOneLineError(result, path: missing.appendingPathComponent("config.json").path, contains: "cannot read")
    }
}
