import ArgumentParser
import Formats
import Foundation

/// `tessera tokens dataset`: the documents of a Megatron-LM indexed dataset.
struct TokensDatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Print a Megatron-LM indexed dataset's (PREFIX.bin + PREFIX.idx) size, or with --json all its documents.",
        discussion: #"--json prints {"dtype":"uint16","documents":[[ids…],…]} on one line (tools/check_megatron_shards.py reads it)."#
    )

    @Argument(help: "The dataset prefix (without .bin/.idx).")
    var prefix: String

    @Flag(help: "Print every document's ids as one line of JSON.")
    var json = false

    func run() throws {
        let dataset = try IndexedDataset(prefix: URL(fileURLWithPath: prefix))
        guard json else {
            let tokens = dataset.index.sequenceLengths.reduce(0, +)
            print("\(prefix): \(dataset.documentCount) documents, \(dataset.index.sequenceLengths.count) sequences, "
                + "\(tokens) tokens of \(dataset.index.dtype.name)")
            return
        }
        let output = FileHandle.standardOutput
        output.write(Data("{\"dtype\":\"\(dataset.index.dtype.name)\",\"documents\":[".utf8))
        for document in 0..<dataset.documentCount {
            let ids = dataset.document(document).map(String.init).joined(separator: ",")
            output.write(Data(((document == 0 ? "" : ",") + "[" + ids + "]").utf8))
        }
        output.write(Data("]}\n".utf8))
    }
}
