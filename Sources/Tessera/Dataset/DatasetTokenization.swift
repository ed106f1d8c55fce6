import Formats
import Foundation
import Tensor
import Vocab

/// What to do with a manifest document that cannot be tokenized.
public enum DatasetErrorPolicy: String, CaseIterable, Sendable {
    /// Record it as skipped and go on.
    case skip
    /// Stop with an error naming its line (the run can be resumed once it is fixed).
    case fail
}

/// The options of one `tokenize dataset` run.
public struct DatasetTokenizationOptions {
    /// The JSONL manifest.
    public var manifest: URL
    /// Output prefix: `PREFIX.bin` and `PREFIX.idx`.
    public var prefix: URL
    /// Worker threads, each tokenizing whole documents single-threaded.
    public var workers = 1
    /// This run's share: documents whose ordinal (among non-blank lines) modulo `shardCount` is `shardIndex`.
    public var shardIndex = 0
    /// The number of shards the manifest is split into.
    public var shardCount = 1
    /// What to do with a bad document.
    public var onError = DatasetErrorPolicy.fail
    /// Only the manifest's first `limit` non-blank lines (before sharding), when given.
    public var limit: Int?
    /// Also write the loss mask: a uint8 dataset at `PREFIX-loss` with one 0/1 per token.
    public var lossMask = false
    /// No progress bar.
    public var quiet = false

    /// Options for `manifest` → `prefix`; the rest as defaults.
    public init(manifest: URL, prefix: URL) {
        self.manifest = manifest
        self.prefix = prefix
    }
}

/// What a finished run wrote.
public struct DatasetTokenizationSummary {
    /// Documents in the shard (written or skipped).
    public var documents = 0
    /// Documents written (resumed ones included).
    public var written = 0
    /// Tokens written.
    public var tokens = 0
    /// Documents a previous, killed run had already handled.
    public var resumed = 0
    /// Skipped documents: manifest line number and problem.
    public var skipped: [(line: Int, problem: String)] = []
}

/// A JSONL manifest of interleaved documents to a Megatron-LM indexed dataset, in parallel,
/// deterministically (documents are written in manifest order whatever the worker count, and each
/// is tokenized single-threaded), streaming, and resumable after a kill.
public enum DatasetTokenization {
    /// Tokenizes the shard of `options.manifest` with `tokenizers` into `options.prefix`.
    public static func run(_ options: DatasetTokenizationOptions, tokenizers: DatasetTokenizers) throws -> DatasetTokenizationSummary {
        let manifest = options.manifest
        let total = try shardItems(options).remainingCount
        try FileManager.default.createDirectory(at: options.prefix.deletingLastPathComponent(), withIntermediateDirectories: true)
        let log = try DatasetProgressLog(prefix: options.prefix, header: header(options, vocabulary: tokenizers.vocabulary))
        var totals = log.resumed ?? DatasetProgressLog.Totals()
        let writer = try openWriter(options.prefix, dtype: IndexedDatasetDType(vocabularySize: tokenizers.vocabulary.size), log: log)
        let maskWriter = try options.lossMask ? openWriter(lossMaskPrefix(options.prefix), dtype: .uint8, log: log) : nil
        var summary = DatasetTokenizationSummary(documents: total, resumed: totals.items)
        let items = try shardItems(options)
        for _ in 0..<totals.items { _ = items.next() }
        let bar = ProgressBar("documents", total: total, quiet: options.quiet)
        let directory = manifest.deletingLastPathComponent()
        try withSingleThreadedKernels {
            try OrderedParallelMap.run(workers: options.workers, window: 4 * options.workers, next: items.next, transform: { item in
                (item.number, Result { try tokenizers.ids(for: ManifestDocument(line: item.text, directory: directory)) })
            }, consume: { line, result in
                var record = DatasetProgressLog.Record(line: line)
                switch result {
                case .success(let document):
                    try maskWriter?.append(document.mask.map { $0 ? 1 : 0 })
                    try writer.append(document.ids)
                    record.tokens = document.ids.count
                case .failure(let error):
                    let problem = (error as? ManifestProblem)?.message ?? "\(error)"
                    guard options.onError == .skip else { throw FormatError(manifest, "line \(line): \(problem)") }
                    record.skipped = problem
                }
                try log.append(record)
                totals.add(record)
                bar.update(totals.items, ["\(writer.tokenCount) tokens"] + (totals.skipped.isEmpty ? [] : ["\(totals.skipped.count) skipped"]))
            })
        }
        bar.finish()
        try maskWriter?.finish()
        try writer.finish()
        log.remove()
        (summary.written, summary.tokens, summary.skipped) = (writer.documentCount, writer.tokenCount, totals.skipped)
        return summary
    }

    /// Where the loss mask of the dataset at `prefix` goes: `PREFIX-loss.bin` and `PREFIX-loss.idx`.
    public static func lossMaskPrefix(_ prefix: URL) -> URL { URL(fileURLWithPath: prefix.path + "-loss") }

    /// A writer at `prefix`, resuming after the documents `log` records.
    private static func openWriter(_ prefix: URL, dtype: IndexedDatasetDType, log: DatasetProgressLog) throws -> IndexedDatasetWriter {
        do {
            return try IndexedDatasetWriter(prefix: prefix, dtype: dtype, resumingAfter: log.resumed?.documents)
        } catch let error as FormatError where log.resumed != nil {
            throw FormatError(path: error.path, problem: error.problem + "; delete \(log.url.path) to start over")
        }
    }

    /// The manifest's non-blank lines that belong to this run's shard.
    static func shardItems(_ options: DatasetTokenizationOptions) throws -> ShardItems {
        ShardItems(lines: try ManifestLines(options.manifest), index: options.shardIndex, count: options.shardCount,
                   limit: options.limit ?? Int.max)
    }

    private static func header(_ options: DatasetTokenizationOptions, vocabulary: Vocabulary) throws -> DatasetProgressLog.Header {
        let attributes = try? FileManager.default.attributesOfItem(atPath: options.manifest.path)
        return DatasetProgressLog.Header(
            manifest: options.manifest.standardizedFileURL.path + (options.limit.map { " (first \($0))" } ?? ""), manifestSize: (attributes?[.size] as? Int) ?? -1,
            manifestModified: (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0,
            vocabSHA256: vocabulary.checksum.hex, shard: "\(options.shardIndex)/\(options.shardCount)", lossMask: options.lossMask)
    }

    /// The freed tensor memory kept for reuse during a run: documents have media of every size, and
    /// buffers are reused only for the same size, so a large cache would fill with sizes never seen again.
    static let bufferCacheBytes = 64 << 20

    /// Runs `body` with our kernels and OpenBLAS held to one thread (parallelism is across documents,
    /// and single-threaded documents give the same bytes whatever the worker count) and a small
    /// tensor buffer cache.
    private static func withSingleThreadedKernels<Result>(_ body: () throws -> Result) rethrows -> Result {
        let previous = ThreadPool.threadCount
        ThreadPool.limit(to: 1)
        TensorBufferCache.limit(to: bufferCacheBytes)
        defer {
            ThreadPool.limit(to: previous)
            TensorBufferCache.limit(to: TensorBufferCache.defaultLimit)
        }
        return try body()
    }
}

/// The non-blank manifest lines of one shard: every `count`-th, starting at the `index`-th.
final class ShardItems {
    private let lines: ManifestLines
    private let shardIndex: Int, shardCount: Int, limit: Int
    private var ordinal = 0

    init(lines: ManifestLines, index: Int, count: Int, limit: Int) {
        (self.lines, shardIndex, shardCount, self.limit) = (lines, index, count, limit)
    }

    /// The next line of the shard, or nil at the end.
    func next() -> (number: Int, text: Data)? {
        while ordinal < limit, let line = lines.next() {
            defer { ordinal += 1 }
            if ordinal % shardCount == shardIndex { return line }
        }
        return nil
    }

    /// How many lines the rest of the shard holds (consumes them).
    var remainingCount: Int {
        var remaining = 0
        while next() != nil { remaining += 1 }
        return remaining
    }
}
