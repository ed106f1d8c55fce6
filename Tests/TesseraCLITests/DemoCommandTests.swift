import Foundation
import TestSupport
import XCTest

/// `tessera demo --quick` on a tiny dataset written by the test (see `QuickDemo`).
final class DemoCommandTests: XCTestCase {
    private static let stages = ["documents", "text-tokenizer", "vocab", "shards", "base-model", "extend", "stage-vocab", "stage-full",
                                 "samples", "evaluation", "report"]

    func testQuickDemoWritesEveryStageAndARerunSkipsThem() throws {
        let directory = try makeTemporaryDirectory()
        try QuickDemo.writeDatasets(in: directory)
        let output = directory.appendingPathComponent("demo")
        let arguments = QuickDemo.arguments(output: output, datasets: directory)
        let first = try Tessera.run(arguments)
        XCTAssertEqual(first.status, 0, first.standardError)
        for stage in Self.stages {
            XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent("stages/\(stage).done").path), stage)
        }
        for file in ["text-tokenizer/tokenizer.model", "vocab/demo.json", "shards/train.bin", "shards/heldout.idx", "shards/text-heldout.idx",
                     "models/stage-full/model.safetensors", "samples/text-to-image/1/image-0.png", "samples/text-to-image/1/reference.png",
                     "samples/image-to-text/0/prompt.png", "samples/text-to-speech/1/reference.wav", "samples/speech-to-text/0/prompt.wav",
                     "plots/training-loss.png", "plots/heldout-loss.png"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent(file).path), file)
        }
        let report = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        XCTAssertTrue(report.contains("a red circle on white"), report)
        XCTAssertTrue(report.contains("samples/text-to-image/0/image-0.png"), report)
        XCTAssertTrue(report.contains("<audio controls"), report)
        let evaluation = try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("evaluation.json"))) as? [[String: Any]]
        XCTAssertEqual(evaluation?.compactMap { $0["direction"] as? String }, ["text-to-image", "image-to-text", "text-to-speech", "speech-to-text"])
        XCTAssertEqual(evaluation?.compactMap { $0["count"] as? Int }, [2, 2, 2, 2])

        let rerun = try Tessera.run(arguments)
        XCTAssertEqual(rerun.status, 0, rerun.standardError)
        for stage in Self.stages { XCTAssertTrue(rerun.standardError.contains("demo: \(stage): done before, skipped"), rerun.standardError) }
    }

    /// An empty training manifest stops the demo with one line naming it, before any stage finishes.
    func testAnEmptyManifestIsOneLineNamingIt() throws {
        let directory = try makeTemporaryDirectory()
        try QuickDemo.writeDatasets(in: directory)
        let manifest = directory.appendingPathComponent("documents-64-train.jsonl")
        try Data().write(to: manifest)
        let output = directory.appendingPathComponent("demo")
        assertOneLineError(try Tessera.run(QuickDemo.arguments(output: output, datasets: directory) + ["--quiet"]), path: manifest.path,
                           contains: "has no documents")
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.appendingPathComponent("stages").path))
    }
}
