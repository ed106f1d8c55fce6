import Foundation
import TestSupport
import XCTest

/// `tessera demo --quick` on a tiny dataset written by the test (see `QuickDemo`).
final class DemoCommandTests: XCTestCase {
    private static let stages = ["text-tokenizer", "vocab", "shards", "base-model", "extend", "stage-vocab", "stage-full", "samples", "report"]

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
