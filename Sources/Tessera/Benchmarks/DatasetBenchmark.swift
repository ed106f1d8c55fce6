import Formats
import Foundation

/// `tessera bench dataset`: tokenizing a manifest with 1 and 2 workers — documents/s, tokens/s,
/// the speed-up, peak memory, and whether both runs wrote the same bytes.
public enum DatasetBenchmark {
    /// One run's figures.
    public struct Run: Encodable {
        /// Worker threads.
        public var workers: Int
        /// Wall-clock seconds.
        public var seconds: Double
        /// User + system CPU seconds the process used during the run: cpuSeconds / seconds is how many
        /// cores it actually got (other jobs on the machine take the rest).
        public var cpuSeconds: Double
        /// Documents written per wall-clock second.
        public var documentsPerSecond: Double
        /// Tokens written per wall-clock second.
        public var tokensPerSecond: Double
    }

    /// The whole measurement.
    public struct Report: Encodable {
        /// The manifest tokenized.
        public var manifest: String
        /// The vocab spec.
        public var vocab: String
        /// Documents written per run.
        public var documents: Int
        /// Tokens written per run.
        public var tokens: Int
        /// The 1-worker and the 2-worker run.
        public var runs: [Run]
        /// Documents/s with 2 workers over 1.
        public var speedup: Double
        /// Peak resident memory of the process, MiB.
        public var peakResidentMebibytes: Double
        /// Whether the 1- and 2-worker shards are byte-identical.
        public var identicalShards: Bool
        /// The 1-minute load average when the measurement started (other jobs on the machine).
        public var loadAverage: Double

        /// A few readable lines.
        public func table() -> String {
            var lines = ["dataset: \(documents) documents, \(tokens) tokens of \(manifest) under \(vocab) (load average \(loadAverage))"]
            for run in runs {
                lines.append(String(format: "%d worker%@  %7.2f s  %8.2f documents/s  %10.0f tokens/s  %6.2f CPU s (%.2f cores)", run.workers,
                                    run.workers == 1 ? " " : "s", run.seconds, run.documentsPerSecond, run.tokensPerSecond,
                                    run.cpuSeconds, run.cpuSeconds / run.seconds))
            }
            lines.append(String(format: "speed-up %.2f×, peak RSS %.0f MiB, shards byte-identical: %@", speedup, peakResidentMebibytes,
                                identicalShards ? "yes" : "NO"))
            return lines.joined(separator: "\n")
        }

        /// Pretty JSON.
        public func json() throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            return String(decoding: try encoder.encode(self), as: UTF8.self)
        }
    }

    /// Tokenizes the first `limit` documents of `manifest` (all when nil) with 1 and then 2 workers
    /// into a scratch directory (after a short warm-up that reads the first media files once).
    public static func run(manifest: URL, tokenizers: DatasetTokenizers, limit: Int?) throws -> Report {
        let loadAverage = ProcessUsage.loadAverage
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        func tokenize(_ workers: Int, limit: Int?, name: String) throws -> (DatasetTokenizationSummary, Double, Double) {
            var options = DatasetTokenizationOptions(manifest: manifest, prefix: scratch.appendingPathComponent(name))
            (options.workers, options.limit, options.onError, options.quiet) = (workers, limit, .skip, true)
            let (started, startedCPU) = (DispatchTime.now().uptimeNanoseconds, ProcessUsage.current().cpuSeconds)
            let summary = try DatasetTokenization.run(options, tokenizers: tokenizers)
            return (summary, Double(DispatchTime.now().uptimeNanoseconds - started) * 1e-9, ProcessUsage.current().cpuSeconds - startedCPU)
        }
        _ = try tokenize(2, limit: min(limit ?? 16, 16), name: "warmup")
        var runs: [Run] = [], summary = DatasetTokenizationSummary()
        for workers in [1, 2] {
            let (result, seconds, cpuSeconds) = try tokenize(workers, limit: limit, name: "workers-\(workers)")
            summary = result
            runs.append(Run(workers: workers, seconds: seconds, cpuSeconds: cpuSeconds, documentsPerSecond: Double(result.written) / seconds,
                            tokensPerSecond: Double(result.tokens) / seconds))
        }
        let identical = try ["bin", "idx"].allSatisfy { suffix in
            try Data(contentsOf: scratch.appendingPathComponent("workers-1.\(suffix)"))
                == Data(contentsOf: scratch.appendingPathComponent("workers-2.\(suffix)"))
        }
        return Report(manifest: manifest.path, vocab: tokenizers.vocabulary.url.path, documents: summary.written, tokens: summary.tokens,
                      runs: runs, speedup: runs[1].documentsPerSecond / runs[0].documentsPerSecond,
                      peakResidentMebibytes: ProcessUsage.current().peakResidentMebibytes, identicalShards: identical, loadAverage: loadAverage)
    }
}
