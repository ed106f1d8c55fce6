import Formats
import Foundation
import TestSupport
import XCTest

/// `tessera train` on real shards: GPL text lines (and fixture drawings) tokenized with the
/// fixture vocabulary, and the tiny Llama fixture extended to it.
final class TrainCommandTests: XCTestCase {
    /// `train` arguments for a tiny run of `steps` steps from `base` into `output`.
    private func train(_ directory: URL, _ output: String, steps: Int, _ extra: [String] = []) -> [String] {
        ["train", "--data", directory.appendingPathComponent("shard").path, "--vocab", directory.appendingPathComponent("v.json").path,
         "-o", directory.appendingPathComponent(output).path, "--steps", String(steps), "--batch-size", "4", "--sequence-length", "64",
         "--learning-rate", "3e-3", "--warmup-steps", "3", "--evaluation-interval", "10", "--checkpoint-interval", "5",
         "--threads", "1", "--quiet"] + extra
    }

    private func record(_ directory: URL) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("training.json"))) as? [String: Any])
    }

    private func history(_ directory: URL) throws -> (losses: [Double], evaluations: [[String: Double]]) {
        let history = try XCTUnwrap(try record(directory)["history"] as? [String: Any])
        let evaluations = try XCTUnwrap(history["evaluations"] as? [[String: Any]]).map { try XCTUnwrap($0["losses"] as? [String: Double]) }
        return (try XCTUnwrap(history["losses"] as? [Double]), evaluations)
    }

    func testVocabStageKeepsTheBaseBitIdenticalThenFullStageLearns() throws {
        let directory = try LMWorkspace.make(self)
        let base = directory.appendingPathComponent("base")
        let vocabStage = try Tessera.run(train(directory, "vocab", steps: 10, ["--model", base.path, "--stage", "vocab"]))
        XCTAssertEqual(vocabStage.status, 0, vocabStage.standardError)
        let before = try CheckpointTensors(directory: base), after = try CheckpointTensors(directory: directory.appendingPathComponent("vocab"))
        XCTAssertEqual(before.tensorNames, after.tensorNames)
        for name in before.tensorNames {
            let (old, new) = (try before.tensor(name), try after.tensor(name))
            if ["model.embed_tokens.weight", "lm_head.weight"].contains(name) {
                let oldRows = 600 * old.shape[1]
                XCTAssertEqual(Array(old.data.prefix(oldRows)), Array(new.data.prefix(oldRows)), "\(name): the base rows changed")
                XCTAssertNotEqual(Array(old.data.dropFirst(oldRows)), Array(new.data.dropFirst(oldRows)), "\(name): the new rows did not train")
            } else {
                XCTAssertEqual(old.toArray(), new.toArray(), "\(name) changed")
            }
        }

        let full = try Tessera.run(train(directory, "full", steps: 30, ["--model", directory.appendingPathComponent("vocab").path,
                                                                         "--loss-weights", "text=1,image=0.5"]))
        XCTAssertEqual(full.status, 0, full.standardError)
        let (losses, evaluations) = try history(directory.appendingPathComponent("full"))
        XCTAssertEqual(losses.count, 30)
        XCTAssertEqual(evaluations.count, 3)
        XCTAssertLessThan(evaluations[2]["all"]!, evaluations[0]["all"]! - 0.1, "held-out loss must go down")
        XCTAssertEqual(Set(evaluations[0].keys), ["all", "text", "image", "special"])
    }

    /// A run killed (SIGKILL) after a checkpoint and resumed ends with the loss curve and
    /// weights of an uninterrupted run.
    func testKilledRunResumesExactly() throws {
        let directory = try LMWorkspace.make(self)
        let steps = 200
        let model = ["--init", try initConfig(in: directory).path]
        let whole = try Tessera.run(train(directory, "whole", steps: steps, model))
        XCTAssertEqual(whole.status, 0, whole.standardError)

        let process = Process()
        process.executableURL = Tessera.productsDirectory.appendingPathComponent("tessera")
        process.arguments = train(directory, "killed", steps: steps, model)
        try process.run()
        let checkpoint = directory.appendingPathComponent("killed/checkpoint.safetensors")
        while process.isRunning && !FileManager.default.fileExists(atPath: checkpoint.path) { usleep(2000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal, "the run ended before it was killed")
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("killed/training.json").path))
        let resumed = try Tessera.run(train(directory, "killed", steps: steps, model + ["--resume"]))
        XCTAssertEqual(resumed.status, 0, resumed.standardError)

        XCTAssertEqual(try history(directory.appendingPathComponent("killed")).losses, try history(directory.appendingPathComponent("whole")).losses)
        XCTAssertEqual(try Data(contentsOf: directory.appendingPathComponent("killed/model.safetensors")),
                       try Data(contentsOf: directory.appendingPathComponent("whole/model.safetensors")))
    }

    /// A from-scratch geometry over the fixture vocabulary's 989 ids.
    private func initConfig(in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent("init.json")
        try Data(#"{"vocab_size": 989, "hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "max_position_embeddings": 128, "tie_word_embeddings": true}"#.utf8).write(to: url)
        return url
    }

    func testBadInputIsAOneLineError() throws {
        let directory = try LMWorkspace.make(self)
        let tiny = CLIFixtures.testsDirectory.appendingPathComponent("TesseraCLITests/Fixtures/llama-tiny")
        let outside = try Tessera.run(train(directory, "out", steps: 2, ["--model", tiny.path, "--vocab", directory.appendingPathComponent("v.json").path]))
        assertOneLineError(outside, path: tiny.appendingPathComponent("config.json").path, contains: "vocab_size is 600, but the vocab spec has 989 ids")
        var arguments = train(directory, "out", steps: 2, ["--model", tiny.path])
        arguments.removeSubrange(arguments.firstIndex(of: "--vocab")!...arguments.firstIndex(of: "--vocab")! + 1)
        let shard = directory.appendingPathComponent("shard.bin").path
        assertOneLineError(try Tessera.run(arguments), path: shard, contains: "outside the model's vocabulary of 600 ids")
        let long = try Tessera.run(train(directory, "out", steps: 2, ["--model", directory.appendingPathComponent("base").path,
                                                                      "--sequence-length", "100000"]))
        assertOneLineError(long, path: directory.appendingPathComponent("base/config.json").path,
                           contains: "max_position_embeddings is 64, shorter than the sequence length 100000")
        let usage = try Tessera.run(train(directory, "out", steps: 2, ["--model", tiny.path, "--stage", "vocab", "--loss-weights", "video=1"]))
        XCTAssertEqual(usage.status, 2, usage.standardError)
    }
}
