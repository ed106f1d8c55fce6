import TestSupport
import Foundation
import XCTest

/// `tessera tokenize dataset` and `tessera tokens dataset` on a small manifest of the fixture media.
final class DatasetCommandTests: XCTestCase {
    /// A directory with the media, a vocab spec (v.json) and a manifest (m.jsonl) of `lines`.
    private func workspace(_ lines: [String]) throws -> URL {
        let directory = try makeTemporaryDirectory()
        let media = directory.appendingPathComponent("media")
        try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
        for name in ["image-64-0.png", "image-64-1.png", "image-64-2.png"] {
            try FileManager.default.copyItem(at: CLIFixtures.janus.appendingPathComponent(name), to: media.appendingPathComponent(name))
        }
        try FileManager.default.copyItem(at: CLIFixtures.encodec.appendingPathComponent("speech-0.wav"),
                                         to: media.appendingPathComponent("speech-0.wav"))
        try CLIFixtures.buildVocabulary(at: directory.appendingPathComponent("v.json"), ["--bandwidth", "0.6"])
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: directory.appendingPathComponent("m.jsonl"))
        return directory
    }

    private let validLines = [
        #"{"parts": [{"text": "a red square"}, {"image": "media/image-64-0.png"}]}"#,
        #"{"parts": [{"image": "media/image-64-1.png"}, {"text": "a blue circle", "role": "assistant", "loss": true}]}"#,
        #"{"parts": [{"text": "hello"}, {"audio": "media/speech-0.wav"}]}"#,
        "",
        #"{"parts": [{"audio": "media/speech-0.wav"}, {"text": "hello"}, {"image": "media/image-64-2.png"}], "id": 7}"#,
    ]

    /// Runs `tokenize dataset` on the workspace's manifest (m.jsonl unless given) into PREFIX `name`.
    private func tokenize(_ directory: URL, _ name: String, _ extra: [String] = [], manifest: String = "m.jsonl") throws -> CommandResult {
        try Tessera.run(["tokenize", "dataset", directory.appendingPathComponent(manifest).path, "--vocab",
                         directory.appendingPathComponent("v.json").path, "-o", directory.appendingPathComponent(name).path] + extra)
    }

    /// The documents of dataset `name`, read back with `tokens dataset --json`.
    private func documents(_ directory: URL, _ name: String, dtype: String = "uint16") throws -> [[Int]] {
        let result = try Tessera.run(["tokens", "dataset", directory.appendingPathComponent(name).path, "--json"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        XCTAssertEqual(object["dtype"] as? String, dtype)
        return try XCTUnwrap(object["documents"] as? [[Int]])
    }

    private func bytes(_ directory: URL, _ name: String) throws -> [Data] {
        try ["bin", "idx"].map { try Data(contentsOf: directory.appendingPathComponent("\(name).\($0)")) }
    }

    func testWorkerCountAndShardsDoNotChangeTheDocuments() throws {
        let directory = try workspace(validLines)
        for (name, workers) in [("one", "1"), ("two", "2")] {
            let result = try tokenize(directory, name, ["--workers", workers])
            XCTAssertEqual(result.status, 0, result.standardError)
            XCTAssertTrue(result.standardError.contains("4 documents"), result.standardError)
        }
        XCTAssertEqual(try bytes(directory, "one"), try bytes(directory, "two"))
        let all = try documents(directory, "one")
        XCTAssertEqual(all.count, 4)
        // <bos> "a red square" <boi> 16 image ids <eoi> <eos>; audio at 0.6 kbps: 2 levels, 50 frames a second.
        XCTAssertEqual(all[0].first, 1)
        XCTAssertEqual(all[0].last, 2)
        XCTAssertEqual(all[0].filter { (605..<861).contains($0) }.count, 16)
        XCTAssertEqual(all[2].filter { (861..<989).contains($0) }.count, 2 * 50)
        for shard in 0..<2 {
            XCTAssertEqual(try tokenize(directory, "shard\(shard)", ["--shard", "\(shard)/2"]).status, 0)
            XCTAssertEqual(try documents(directory, "shard\(shard)"), stride(from: shard, to: 4, by: 2).map { all[$0] })
        }
        assertDirectory(directory, holds: ["media", "v.json", "m.jsonl"] + ["one", "two", "shard0", "shard1"].flatMap { ["\($0).bin", "\($0).idx"] })
    }

    func testBadDocumentsAreSkippedOrFailWithTheirLineNumber() throws {
        var lines = validLines
        lines.insert(#"{"parts": [{"text": "broken"#, at: 1)  // line 2
        lines.insert(#"{"parts": [{"image": "media/missing.png"}]}"#, at: 3)  // line 4
        lines.append(#"{"parts": [{"video": "x.mp4"}]}"#)  // line 8
        let directory = try workspace(lines)
        let manifest = directory.appendingPathComponent("m.jsonl").path

        let failed = try tokenize(directory, "out", ["--on-error", "fail", "--quiet"])
        assertOneLineError(failed, path: manifest, contains: "line 2: not valid JSON")
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("out.bin").path))

        // As after a kill: tokens and a length written for a document whose record was cut off.
        for (suffix, bytes) in [("bin.partial", [UInt8](repeating: 9, count: 6)), ("lengths.partial", [3, 0, 0, 0]),
                                ("progress", Array(#"{"line":3,"tok"#.utf8))] {
            let handle = try FileHandle(forWritingTo: directory.appendingPathComponent("out.\(suffix)"))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(bytes))
            try handle.close()
        }
        // Going on after the failure with --on-error skip resumes after the one document already recorded.
        let resumed = try tokenize(directory, "out", ["--on-error", "skip"])
        XCTAssertEqual(resumed.status, 0, resumed.standardError)
        XCTAssertTrue(resumed.standardError.contains("skipped \(manifest) line 2: not valid JSON"), resumed.standardError)
        XCTAssertTrue(resumed.standardError.contains("line 4: part 1 \(directory.path)/media/missing.png: "), resumed.standardError)
        XCTAssertTrue(resumed.standardError.contains("line 8: part 1 needs exactly one of"), resumed.standardError)
        XCTAssertTrue(resumed.standardError.contains("4 documents, "), resumed.standardError)
        XCTAssertTrue(resumed.standardError.contains("3 skipped (resumed after 1)"), resumed.standardError)

        let fresh = try tokenize(directory, "fresh", ["--on-error", "skip", "--workers", "2"])
        XCTAssertEqual(fresh.status, 0, fresh.standardError)
        XCTAssertEqual(try bytes(directory, "out"), try bytes(directory, "fresh"))
        // Nothing valid is lost: the same documents as a manifest of only the valid lines.
        try Data((validLines.joined(separator: "\n") + "\n").utf8).write(to: directory.appendingPathComponent("clean.jsonl"))
        XCTAssertEqual(try tokenize(directory, "clean", manifest: "clean.jsonl").status, 0)
        XCTAssertEqual(try documents(directory, "fresh"), try documents(directory, "clean"))
        assertDirectory(directory, holds: ["media", "v.json", "m.jsonl", "clean.jsonl"]
            + ["out", "fresh", "clean"].flatMap { ["\($0).bin", "\($0).idx"] })
    }

    func testLossMaskFollowsThePartsLossFlags() throws {
        let directory = try workspace([#"{"parts": [{"text": "draw a square", "loss": false}, {"image": "media/image-64-0.png"}]}"#,
                                       #"{"parts": [{"audio": "media/speech-0.wav"}, {"text": "hello"}]}"#])
        let result = try tokenize(directory, "masked", ["--loss-mask", "--workers", "2"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(try tokenize(directory, "plain").status, 0)
        XCTAssertEqual(try bytes(directory, "masked"), try bytes(directory, "plain"))
        let (ids, masks) = (try documents(directory, "masked"), try documents(directory, "masked-loss", dtype: "uint8"))
        XCTAssertEqual(masks.map(\.count), ids.map(\.count))
        // <bos> and the prompt's text ids are 0; <boi> 16 ids <eoi> and <eos> are 1.
        let first = try XCTUnwrap(masks.first)
        XCTAssertEqual(Array(first.suffix(19)), Array(repeating: 1, count: 19))
        XCTAssertEqual(Array(first.dropLast(19)), Array(repeating: 0, count: first.count - 19))
        XCTAssertEqual(Array(masks[1].dropFirst()), Array(repeating: 1, count: masks[1].count - 1))
        XCTAssertEqual(masks[1].first, 0)
    }

    func testBenchReportsBothWorkerCounts() throws {
        let directory = try workspace(validLines)
        let result = try Tessera.run(["bench", "dataset", "--manifest", directory.appendingPathComponent("m.jsonl").path,
                                      "--vocab", directory.appendingPathComponent("v.json").path, "--limit", "3", "--json"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        XCTAssertEqual(report["documents"] as? Int, 3)
        XCTAssertEqual(report["identical_shards"] as? Bool, true)
        XCTAssertEqual((report["runs"] as? [[String: Any]])?.compactMap { $0["workers"] as? Int }, [1, 2])
    }

    func testUsageAndInputErrors() throws {
        let directory = try workspace(validLines)
        XCTAssertEqual(try tokenize(directory, "x", ["--shard", "2/2"]).status, 2)
        XCTAssertEqual(try tokenize(directory, "x", ["--workers", "0"]).status, 2)
        let missing = directory.appendingPathComponent("none.jsonl")
        assertOneLineError(try Tessera.run(["tokenize", "dataset", missing.path, "--vocab", directory.appendingPathComponent("v.json").path,
                                            "-o", directory.appendingPathComponent("x").path]), path: missing.path, contains: "cannot open")
        let vocab = directory.appendingPathComponent("v.json")
        assertOneLineError(try tokenize(directory, "x", ["--text-tokenizer", vocab.path]), path: vocab.path,
                           contains: "not a valid SentencePiece model")
        let otherText = CLIFixtures.text("bpe.model")
        assertOneLineError(try tokenize(directory, "x", ["--text-tokenizer", otherText.path]), path: otherText.path,
                           contains: "but \(vocab.path) lists a text tokenizer with")
        let dataset = directory.appendingPathComponent("x")
        assertOneLineError(try Tessera.run(["tokens", "dataset", dataset.path]), path: dataset.path + ".idx", contains: "cannot open")
    }
}
