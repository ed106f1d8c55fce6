import Foundation

/// The number of worker threads kernels split their work over (all cores by default).
public enum ThreadPool {
    nonisolated(unsafe) public static var threadCount: Int = ProcessInfo.processInfo.activeProcessorCount
}

/// Runs `body` over `0..<count` split into contiguous chunks on the worker threads.
///
/// Work smaller than `grain` items per thread runs inline on the calling thread.
@inline(__always)
public func parallelFor(_ count: Int, grain: Int = 1, _ body: (Range<Int>) -> Void) {
    let chunks = min(ThreadPool.threadCount, max(1, count / max(grain, 1)))
    guard chunks > 1 else {
        if count > 0 { body(0..<count) }
        return
    }
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        let start = count * chunk / chunks
        let end = count * (chunk + 1) / chunks
        if start < end { body(start..<end) }
    }
}
