import ArgumentParser
import Tensor

/// `--threads N`: how many threads a long job may use (all cores by default).
struct ThreadsOption: ParsableArguments {
    @Option(help: "Threads to use (default: all cores).")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    /// Applies the limit, if one was given.
    func apply() {
        if let threads { ThreadPool.limit(to: threads) }
    }
}
