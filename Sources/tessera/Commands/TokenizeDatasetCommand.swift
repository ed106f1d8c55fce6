import ArgumentParser
import Foundation
import Tessera
import Vocab

/// `tessera tokenize dataset`: a JSONL manifest of interleaved documents to Megatron-LM shards.
struct TokenizeDatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Tokenize a JSONL manifest of documents into a Megatron-LM indexed dataset (PREFIX.bin + PREFIX.idx).",
        discussion: """
            Each manifest line is {"parts": [{"text": …}, {"image": PATH}, {"audio": PATH}, …]} (paths relative to the \
            manifest). Each document becomes one sequence: <bos>, its parts in order, <eos>. The bytes do not depend on \
            --workers. A killed run goes on where it stopped when started again with the same arguments \
            (PREFIX.progress, PREFIX.bin.partial and PREFIX.lengths.partial hold its state).
            """
    )

    @Argument(help: "The manifest (JSONL, one document a line).")
    var manifest: String

    @Option(help: "The vocab spec (JSON).")
    var vocab: String

    @Option(name: [.short, .customLong("output")], help: "The output prefix: writes PREFIX.bin and PREFIX.idx.")
    var output: String

    @Option(help: "Documents tokenized at once, one thread each (default: all cores).")
    var workers = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "This run's share I/N of the manifest's documents (every N-th, from the I-th; I counts from 0).")
    var shard: ShardOption = ShardOption(index: 0, count: 1)

    @Option(help: "What to do with a document that cannot be tokenized: skip (listed at the end) or fail.")
    var onError: DatasetErrorPolicy = .fail

    @Flag(help: "Also write PREFIX-loss.bin/.idx: per token 1 when it counts in the loss, 0 for <bos> and parts with \"loss\": false.")
    var lossMask = false

    @Option(help: "A text tokenizer to use instead of the one the spec names.")
    var textTokenizer: String?

    @Option(help: "An image tokenizer directory to use instead of the one the spec names.")
    var imageTokenizer: String?

    @Option(help: "An audio tokenizer directory to use instead of the one the spec names.")
    var audioTokenizer: String?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1.") }
    }

    func run() throws {
        let vocabulary = try Vocabulary(contentsOf: URL(fileURLWithPath: vocab))
        let tokenizers = try DatasetTokenizers(vocabulary: vocabulary, text: textTokenizer.map { URL(fileURLWithPath: $0) },
                                               image: imageTokenizer.map { URL(fileURLWithPath: $0) },
                                               audio: audioTokenizer.map { URL(fileURLWithPath: $0) })
        var options = DatasetTokenizationOptions(manifest: URL(fileURLWithPath: manifest), prefix: URL(fileURLWithPath: output))
        (options.workers, options.shardIndex, options.shardCount) = (workers, shard.index, shard.count)
        (options.onError, options.quiet, options.lossMask) = (onError, quiet, lossMask)
        let summary = try DatasetTokenization.run(options, tokenizers: tokenizers)
        let status = StatusLine(quiet: quiet)
        for (line, problem) in summary.skipped { status.result("skipped \(manifest) line \(line): \(problem)") }
        status.result("wrote \(output).bin and \(output).idx: \(summary.written) documents, \(summary.tokens) tokens"
            + (summary.skipped.isEmpty ? "" : ", \(summary.skipped.count) skipped")
            + (summary.resumed > 0 ? " (resumed after \(summary.resumed))" : ""))
    }
}

/// `--shard I/N`.
struct ShardOption: ExpressibleByArgument {
    let index: Int
    let count: Int

    init(index: Int, count: Int) {
        (self.index, self.count) = (index, count)
    }

    init?(argument: String) {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (0..<count).contains(index) else {
            return nil
        }
        self.init(index: index, count: count)
    }

    var defaultValueDescription: String { "\(index)/\(count)" }
}

extension DatasetErrorPolicy: ExpressibleByArgument {}
