import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sequential output to a temporary file that replaces its destination only once complete.
public struct AtomicFileOutput {
    /// The temporary file's descriptor, for libraries that write through one (libsndfile, stdio);
    /// `create` closes it.
    public let descriptor: Int32
    /// The destination, named in errors.
    private let url: URL

    /// Runs `produce` on a new temporary file beside `url`, then renames it to `url`; when anything
    /// fails the temporary file is removed and an existing file at `url` is left as it was.
    public static func create(at url: URL, _ produce: (AtomicFileOutput) throws -> Void) throws {
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FormatError(url, "cannot create a temporary file: \(systemErrorMessage())") }
        var (closed, renamed) = (false, false)
        defer {
            if !closed { close(descriptor) }
            if !renamed { unlink(temporary.path) }
        }
        try produce(AtomicFileOutput(descriptor: descriptor, url: url))
        guard fsync(descriptor) == 0 else { throw FormatError(url, "cannot flush to disk: \(systemErrorMessage())") }
        closed = true
        guard close(descriptor) == 0 else { throw FormatError(url, "cannot close: \(systemErrorMessage())") }
        guard rename(temporary.path, url.path) == 0 else {
            throw FormatError(url, "cannot rename the temporary file into place: \(systemErrorMessage())")
        }
        renamed = true
    }

    /// Appends all of `bytes`.
    public func append(_ bytes: UnsafeRawBufferPointer) throws {
        try writeAll(bytes, to: descriptor, url: url)
    }
}

/// Writes all of `bytes` to `descriptor` (retrying short and interrupted writes); errors name `url`.
func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, url: URL) throws {
    var remaining = bytes
    while let base = remaining.baseAddress, !remaining.isEmpty {
        let written = write(descriptor, base, remaining.count)
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else { throw FormatError(url, "write failed: \(systemErrorMessage())") }
        remaining = UnsafeRawBufferPointer(rebasing: remaining[written...])
    }
}

extension AtomicFileOutput {
    /// Writes `data` to `url` atomically: the file appears only once complete.
    public static func save(_ data: Data, to url: URL) throws {
        try create(at: url) { output in try data.withUnsafeBytes { try output.append($0) } }
    }
}
