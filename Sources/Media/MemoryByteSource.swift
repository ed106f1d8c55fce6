import Foundation
import CSndFile

/// Bytes in memory served to libsndfile through its virtual-IO callbacks.
final class MemoryByteSource {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    private static func source(_ context: UnsafeMutableRawPointer?) -> MemoryByteSource {
        Unmanaged<MemoryByteSource>.fromOpaque(context!).takeUnretainedValue()
    }

    /// The callbacks; the context pointer is an unretained `MemoryByteSource`.
    static var callbacks: SF_VIRTUAL_IO {
        SF_VIRTUAL_IO(
            get_filelen: { context in sf_count_t(MemoryByteSource.source(context).bytes.count) },
            seek: { offset, whence, context in
                let memory = MemoryByteSource.source(context)
                let base = whence == SEEK_CUR ? memory.position : (whence == SEEK_END ? memory.bytes.count : 0)
                let target = base + Int(offset)
                guard target >= 0 else { return -1 }
                memory.position = target
                return sf_count_t(target)
            },
            read: { destination, count, context in
                let memory = MemoryByteSource.source(context)
                let available = Swift.max(0, Swift.min(Int(count), memory.bytes.count - memory.position))
                if available > 0, let destination, let base = memory.bytes.baseAddress {
                    destination.copyMemory(from: base + memory.position, byteCount: available)
                }
                memory.position += available
                return sf_count_t(available)
            },
            write: { _, _, _ in 0 },
            tell: { context in sf_count_t(MemoryByteSource.source(context).position) }
        )
    }
}
