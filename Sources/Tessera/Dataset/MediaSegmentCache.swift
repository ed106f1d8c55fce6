import Foundation
import Formats

/// The token segments of media files already encoded, shared by the worker threads, so documents
/// that use one image or clip (a caption→image and an image→caption document) encode it once.
/// Holds at most `capacity` codes in all; past that, new files are encoded and not kept.
final class MediaSegmentCache: @unchecked Sendable {
    private let lock = NSLock()
    private var segments: [URL: TokenSegment] = [:]
    private var codes = 0
    private let capacity: Int

    /// An empty cache keeping up to `capacity` codes (the default, 8 Mi codes, is 64 MiB of `Int`s:
    /// 128 Ki images of 8×8 codes, or about 46 hours of one-level 50-frames/s audio).
    init(capacity: Int = 1 << 23) { self.capacity = capacity }

    /// The cached segment of `url`, or `encode()`'s result, kept while there is room.
    func segment(for url: URL, encode: () throws -> TokenSegment) rethrows -> TokenSegment {
        if let cached = lock.withLock({ segments[url] }) { return cached }
        let segment = try encode()
        lock.withLock {
            guard codes + segment.codes.count <= capacity else { return }
            segments[url] = segment
            codes += segment.codes.count
        }
        return segment
    }
}
