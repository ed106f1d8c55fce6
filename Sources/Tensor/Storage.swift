import CBLAS
import Foundation

/// A reference-counted, 64-byte-aligned buffer of Float32 values.
public final class TensorStorage {
    public let pointer: UnsafeMutablePointer<Float>
    public let count: Int

    /// Allocates `count` floats, zero-filled when `zeroed` is true.
    public init(count: Int, zeroed: Bool = true) {
        precondition(count >= 0, "negative storage size")
        pointer = BufferPool.allocate(bytes: max(count, 1) * MemoryLayout<Float>.stride)
            .bindMemory(to: Float.self, capacity: max(count, 1))
        self.count = count
        if zeroed { pointer.initialize(repeating: 0, count: count) }
    }

    deinit { BufferPool.release(UnsafeMutableRawPointer(pointer), bytes: max(count, 1) * MemoryLayout<Float>.stride) }

    public var buffer: UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: pointer, count: count)
    }
}

/// Recycles large buffers. glibc maps blocks above 32 MB fresh from the kernel each time, and
/// faulting in zeroed pages for a 128 MB GEMM output costs more than the GEMM; so freed large
/// buffers wait here (up to `limitBytes` in all) for the next tensor of the same size. Smaller
/// blocks stay in glibc's heap, which is told not to trim or map them.
enum BufferPool {
    static let largeBytes = 4 << 20
    /// The default of `limitBytes`.
    static let defaultLimitBytes = 1 << 30
    /// The most bytes of freed buffers kept for reuse (guarded by `lock`).
    private static var limitBytes = defaultLimitBytes
    private static let lock = NSLock()
    private static var free: [Int: [UnsafeMutableRawPointer]] = [:]
    private static var heldBytes = 0
    private static let configureHeap: Void = tessera_keep_freed_memory()

    static func allocate(bytes: Int) -> UnsafeMutableRawPointer {
        configureHeap
        if bytes >= largeBytes {
            lock.lock()
            let reused = free[bytes]?.popLast()
            if reused != nil { heldBytes -= bytes }
            lock.unlock()
            if let reused { return reused }
        }
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, bytes >= largeBytes ? 2 << 20 : 64, bytes) == 0, let raw else {
            fatalError("out of memory allocating \(bytes) bytes")
        }
        if bytes >= largeBytes { madvise(raw, bytes, 14 /* MADV_HUGEPAGE */) }
        return raw
    }

    static func release(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
        if bytes >= largeBytes {
            lock.lock()
            let keep = heldBytes + bytes <= limitBytes
            if keep {
                free[bytes, default: []].append(pointer)
                heldBytes += bytes
            }
            lock.unlock()
            if keep { return }
        }
        Foundation.free(pointer)
    }
}

extension BufferPool {
    /// Sets how many bytes of freed large buffers are kept for reuse, releasing all held ones when
    /// they exceed the new limit.
    static func setLimit(_ bytes: Int) {
        lock.lock()
        limitBytes = Swift.max(0, bytes)
        let released = heldBytes > limitBytes ? free.values.flatMap { $0 } : []
        if !released.isEmpty {
            free = [:]
            heldBytes = 0
        }
        lock.unlock()
        released.forEach { Foundation.free($0) }
    }
}

/// The cache of freed large tensor buffers (glibc would unmap and fault them in afresh).
public enum TensorBufferCache {
    /// Keeps at most `bytes` of freed large buffers for reuse (1 GiB by default). Buffers are reused
    /// only for tensors of the same byte size, so jobs whose shapes keep changing (audio of every
    /// length) should keep it small.
    public static func limit(to bytes: Int) { BufferPool.setLimit(bytes) }

    /// The default limit.
    public static var defaultLimit: Int { BufferPool.defaultLimitBytes }
}
