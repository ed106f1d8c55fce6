import TestSupport
import Foundation
import XCTest

/// `tessera train-tokenizer audio` on the EnCodec fixture recordings with a tiny codec.
final class TrainAudioTokenizerCommandTests: XCTestCase {
    private let speech = CLIFixtures.testsDirectory.appendingPathComponent("AudioTokenizerTests/Fixtures/encodec")

    /// The arguments of a four-step run of a tiny codec writing to `output`.
    private func arguments(_ output: URL) -> [String] {
        ["train-tokenizer", "audio", "--data", speech.path, "-o", output.path, "--steps", "4", "--batch-size", "2",
         "--segment-seconds", "0.32", "--filters", "4", "--hidden-size", "16", "--codebook-size", "64",
         "--bandwidths", "0.3,0.6", "--warmup", "1", "--threads", "1", "--float32", "--quiet"]
    }

    /// Stopping at step 2 and resuming gives the same per-step losses and the same model bytes as
    /// running four steps at once; the result tokenizes audio.
    func testResumeIsExactAndTheResultTokenizes() throws {
        let directory = try makeTemporaryDirectory()
        let whole = directory.appendingPathComponent("whole"), split = directory.appendingPathComponent("split")
        let once = try Tessera.run(arguments(whole))
        XCTAssertEqual(once.status, 0, once.standardError)
        let first = try Tessera.run(arguments(split) + ["--stop-after", "2"])
        XCTAssertEqual(first.status, 0, first.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: split.appendingPathComponent("model.safetensors").path))
        let second = try Tessera.run(arguments(split) + ["--resume"])
        XCTAssertEqual(second.status, 0, second.standardError)
        for name in ["training-log.jsonl", "model.safetensors", "config.json"] {
            XCTAssertEqual(try Data(contentsOf: whole.appendingPathComponent(name)), try Data(contentsOf: split.appendingPathComponent(name)), name)
        }
        let log = try String(contentsOf: whole.appendingPathComponent("training-log.jsonl"), encoding: .utf8)
        XCTAssertEqual(log.split(separator: "\n").count, 4)

        let tokens = directory.appendingPathComponent("speech.tok")
        let tokenized = try Tessera.run(["tokenize", "audio", speech.appendingPathComponent("speech-0.wav").path,
                                         "--tokenizer", whole.path, "--bandwidth", "0.3", "-o", tokens.path])
        XCTAssertEqual(tokenized.status, 0, tokenized.standardError)
        let shown = try Tessera.run(["tokens", "show", tokens.path, "--json"])
        XCTAssertTrue(shown.standardOutput.contains("\"shape\":[1,50]"), shown.standardOutput)
    }

    /// Resuming with other settings is refused with one line naming the checkpoint.
    func testResumeWithOtherSettingsIsRefused() throws {
        let output = try makeTemporaryDirectory().appendingPathComponent("codec")
        XCTAssertEqual(try Tessera.run(arguments(output) + ["--stop-after", "1"]).status, 0)
        let result = try Tessera.run(arguments(output) + ["--resume", "--lr", "0.5"])
        assertOneLineError(result, path: output.appendingPathComponent("checkpoint.safetensors").path, contains: "other settings")
    }

    /// Data that is missing or holds no audio is refused with one line.
    func testMissingDataIsRefused() throws {
        let directory = try makeTemporaryDirectory()
        let missing = directory.appendingPathComponent("nothing.jsonl")
        assertOneLineError(try Tessera.run(arguments(directory.appendingPathComponent("out")).map { $0 == speech.path ? missing.path : $0 }),
                           path: missing.path, contains: "no such file")
        let empty = directory.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        assertOneLineError(try Tessera.run(arguments(directory.appendingPathComponent("out")).map { $0 == speech.path ? empty.path : $0 }),
                           path: empty.path, contains: "no audio files")
    }
}
