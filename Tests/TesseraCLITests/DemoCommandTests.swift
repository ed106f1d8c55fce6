import Foundation
import TestSupport
import XCTest

/// `tessera demo --quick` on a tiny dataset written by the test (captions with the Janus fixture images
/// and the EnCodec fixture's speech).
final class DemoCommandTests: XCTestCase {
    private static let stages = ["documents", "text-tokenizer", "vocab", "shards", "base-model", "extend", "stage-vocab", "stage-full", "samples", "evaluation", "report"]

    /// Writes `documents-64-{train,heldout}.jsonl` under `directory`: each caption with a fixture image
    /// and with the fixture speech, in both orders; the first two captions' documents are held out.
    private func writeDatasets(in directory: URL) throws {
        let captions = ["a red circle on white", "two blue squares", "a green tree beside a house", "the yellow sun over the sea",
                        "a black cat sleeping", "an orange fish swimming", "three purple flowers", "a grey stone bridge"]
        let speech = CLIFixtures.encodec.appendingPathComponent("speech-0.wav").path
        let lines = captions.enumerated().flatMap { index, caption in
            let image = CLIFixtures.janus.appendingPathComponent("image-64-\(index % 3).png").path
            return [#"{"parts":[{"text":"\#(caption)"},{"image":"\#(image)"}]}"#, #"{"parts":[{"image":"\#(image)"},{"text":"\#(caption)"}]}"#,
                    #"{"parts":[{"text":"\#(caption)"},{"audio":"\#(speech)"}]}"#, #"{"parts":[{"audio":"\#(speech)"},{"text":"\#(caption)"}]}"#]
                .map { $0 + "\n" }
        }
        try Data(lines.joined().utf8).write(to: directory.appendingPathComponent("documents-64-train.jsonl"))
        try Data(lines.prefix(8).joined().utf8).write(to: directory.appendingPathComponent("documents-64-heldout.jsonl"))
    }

    func testQuickDemoWritesEveryStageAndARerunSkipsThem() throws {
        let directory = try makeTemporaryDirectory()
        try writeDatasets(in: directory)
        let output = directory.appendingPathComponent("demo")
        let arguments = ["demo", "--quick", "--out", output.path, "--datasets", directory.path, "--image-tokenizer", CLIFixtures.janus.path,
                         "--audio-tokenizer", CLIFixtures.encodec.path, "--threads", "1"]
        let first = try Tessera.run(arguments)
        XCTAssertEqual(first.status, 0, first.standardError)
        for stage in Self.stages {
            XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent("stages/\(stage).done").path), stage)
        }
        for file in ["text-tokenizer/tokenizer.model", "vocab/demo.json", "shards/train.bin", "shards/heldout.idx",
                     "models/stage-full/model.safetensors", "samples/text-to-image/1/image-0.png", "samples/text-to-image/1/reference.png",
                     "samples/image-to-text/0/prompt.png", "samples/text-to-speech/1/reference.wav", "samples/speech-to-text/0/prompt.wav"] {
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
}
