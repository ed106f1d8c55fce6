import Foundation
import Formats

/// The token segments of media files already encoded, shared by the worker threads, so documents
/// that use one image or clip (a caption→image and an image→caption document) encode it once.
/// Holds at most `capacity` segments; past that, new files are encoded and not kept.
final class MediaSegmentCache: @unchecked Sendable {
    private let lock = NSLock()
    private var segments: [URL: TokenSegment] = [:]
    private let capacity: Int

    /// An empty cache keeping up to `capacity` segments (64 Ki image segments of 16×16 codes are 64 MiB).
    init(capacity: Int = 1 << 16) { self.capacity = capacity }

    /// The cached segment of `url`, or `encode()`'s result, kept while there is room.
    func segment(for url: URL, encode: () throws -> TokenSegment) rethrows -> TokenSegment {
        if let cached = lock.withLock({ segments[url] }) { return cached }
        let segment = try encode()
        lock.withLock { if segments.count < capacity { segments[url] = segment } }
        return segment
    }
}
