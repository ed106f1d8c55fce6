import Foundation
import TestSupport
import XCTest

/// `tessera demo --quick` on a tiny dataset written by the test (captions with the Janus fixture images).
final class DemoCommandTests: XCTestCase {
    private static let stages = ["text-tokenizer", "vocab", "shards", "base-model", "extend", "stage-vocab", "stage-full", "samples", "report"]

    /// Writes `documents-64-{train,heldout}.jsonl` of captioned fixture images under `directory`.
    private func writeDatasets(in directory: URL) throws {
        let captions = ["a red circle on white", "two blue squares", "a green tree beside a house", "the yellow sun over the sea",
                        "a black cat sleeping", "an orange fish swimming", "three purple flowers", "a grey stone bridge"]
        let lines = captions.enumerated().map { index, caption in
            let image = CLIFixtures.janus.appendingPathComponent("image-64-\(index % 3).png").path
            return #"{"parts":[{"text":"\#(caption)"},{"image":"\#(image)"}]}"# + "\n"
        }
        try Data(lines.joined().utf8).write(to: directory.appendingPathComponent("documents-64-train.jsonl"))
        try Data(lines.prefix(2).joined().utf8).write(to: directory.appendingPathComponent("documents-64-heldout.jsonl"))
    }

    func testQuickDemoWritesEveryStageAndARerunSkipsThem() throws {
        let directory = try makeTemporaryDirectory()
        try writeDatasets(in: directory)
        let output = directory.appendingPathComponent("demo")
        let arguments = ["demo", "--quick", "--out", output.path, "--datasets", directory.path, "--image-tokenizer", CLIFixtures.janus.path,
                         "--audio-tokenizer", directory.appendingPathComponent("no-codec").path, "--threads", "1"]
        let first = try Tessera.run(arguments)
        XCTAssertEqual(first.status, 0, first.standardError)
        for stage in Self.stages {
            XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent("stages/\(stage).done").path), stage)
        }
        for file in ["text-tokenizer/tokenizer.model", "vocab/demo.json", "shards/train.bin", "shards/heldout.idx",
                     "models/stage-full/model.safetensors", "samples/0/image-0.png", "samples/0/reference.png"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent(file).path), file)
        }
        let report = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        XCTAssertTrue(report.contains("a red circle on white"), report)
        XCTAssertTrue(report.contains("samples/0/image-0.png"), report)

        let rerun = try Tessera.run(arguments)
        XCTAssertEqual(rerun.status, 0, rerun.standardError)
        for stage in Self.stages { XCTAssertTrue(rerun.standardError.contains("demo: \(stage): done before, skipped"), rerun.standardError) }
    }
}
