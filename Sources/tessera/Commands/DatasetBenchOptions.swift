import ArgumentParser
import Foundation
import Tessera
import Vocab

/// The options of `tessera bench dataset`.
struct DatasetBenchOptions: ParsableArguments {
    @Option(help: "dataset: the manifest to tokenize.")
    var manifest = ".cache/datasets/documents-64-train.jsonl"

    @Option(help: "dataset: the vocab spec (the default one uses the test fixtures' small tokenizers).")
    var vocab = "vocab/fixture-tokenizers.json"

    /// Measures and prints the report; `limit` (the shared `--limit`) caps the documents (default 400, 0: all).
    func run(json: Bool, limit: Int?) throws {
        let limit = limit ?? 400
        let tokenizers = try DatasetTokenizers(vocabulary: Vocabulary(contentsOf: URL(fileURLWithPath: vocab)))
        let report = try DatasetBenchmark.run(manifest: URL(fileURLWithPath: manifest), tokenizers: tokenizers,
                                              limit: limit > 0 ? limit : nil)
        print(json ? try report.json() : report.table())
    }
}
