import Foundation
import XCTest

/// A scratch directory for the language-model commands: the fixture vocabulary `v.json`,
/// shards `shard.bin/.idx` of real documents (GPL text lines, some with a fixture drawing; every
/// fifth line's text out of the loss, in `shard-loss.bin/.idx`) and
/// the tiny Llama fixture extended to the vocabulary in `base/`.
enum LMWorkspace {
    static func make(_ test: XCTestCase) throws -> URL {
        let directory = try test.makeTemporaryDirectory()
        let media = directory.appendingPathComponent("media")
        try FileManager.default.createDirectory(at: media, withIntermediateDirectories: true)
        for index in 0..<3 {
            try FileManager.default.copyItem(at: CLIFixtures.janus.appendingPathComponent("image-64-\(index).png"),
                                             to: media.appendingPathComponent("image-64-\(index).png"))
        }
        try CLIFixtures.buildVocabulary(at: directory.appendingPathComponent("v.json"), ["--bandwidth", "0.6"])
        let lines = try String(contentsOf: CLIFixtures.text("corpus.txt"), encoding: .utf8).split(separator: "\n").filter { $0.count > 40 }.prefix(40)
        let manifest = try lines.enumerated().map { index, line -> String in
            let text = String(decoding: try JSONSerialization.data(withJSONObject: String(line), options: .fragmentsAllowed), as: UTF8.self)
            let image = index % 4 == 0 ? #", {"image": "media/image-64-\#(index % 3).png"}"# : ""
            let loss = index % 5 == 0 ? #", "loss": false"# : ""
            return #"{"parts": [{"text": \#(text)\#(loss)}\#(image)]}"#
        }
        try Data((manifest.joined(separator: "\n") + "\n").utf8).write(to: directory.appendingPathComponent("m.jsonl"))
        let tiny = CLIFixtures.testsDirectory.appendingPathComponent("TesseraCLITests/Fixtures/llama-tiny")
        for arguments in [["tokenize", "dataset", "m.jsonl", "--vocab", "v.json", "-o", "shard", "--loss-mask"],
                          ["vocab", "extend", "--model", tiny.path, "--vocab", "v.json", "-o", "base"]] {
            let result = try Tessera.run(arguments.map { ["m.jsonl", "v.json", "shard", "base"].contains($0) ? directory.appendingPathComponent($0).path : $0 })
            XCTAssertEqual(result.status, 0, result.standardError)
        }
        return directory
    }
}
