import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a Megatron-LM indexed dataset one document at a time, so memory stays bounded whatever
/// the dataset's size, and so a killed run can go on where it stopped.
///
/// Tokens go to `PREFIX.bin.partial` and each document's length (int32) to `PREFIX.lengths.partial`
/// as they come. `finish()` writes `PREFIX.idx` from the lengths and renames the data to
/// `PREFIX.bin`; until then neither final file exists. One sequence per document.
public final class IndexedDatasetWriter {
    /// The token type.
    public let dtype: IndexedDatasetDType
    /// Documents written so far (resumed ones included).
    public private(set) var documentCount = 0
    /// Tokens written so far (resumed ones included).
    public private(set) var tokenCount = 0
    private let prefix: URL
    private let data: PartialFile
    private let lengths: PartialFile

    /// `PREFIX.bin.partial`, where tokens wait until `finish()`.
    public static func partialDataURL(prefix: URL) -> URL { URL(fileURLWithPath: prefix.path + ".bin.partial") }
    /// `PREFIX.lengths.partial`, the document lengths until `finish()`.
    public static func partialLengthsURL(prefix: URL) -> URL { URL(fileURLWithPath: prefix.path + ".lengths.partial") }

    /// Starts a new dataset at `prefix` (replacing partial files left by an earlier run), or, with
    /// `resumingAfter`, keeps the first that many documents of the partial files and drops
    /// anything after them. Throws when the partial files hold fewer documents than that.
    public init(prefix: URL, dtype: IndexedDatasetDType, resumingAfter documents: Int? = nil) throws {
        self.prefix = prefix
        self.dtype = dtype
        data = try PartialFile(Self.partialDataURL(prefix: prefix), keep: documents != nil)
        lengths = try PartialFile(Self.partialLengthsURL(prefix: prefix), keep: documents != nil)
        guard let documents else { return }
        try lengths.forEachChunk(count: documents) { tokenCount += $0.reduce(0, +) }
        documentCount = documents
        try lengths.truncate(to: documents * 4)
        try data.truncate(to: tokenCount * dtype.size)
    }

    /// Appends one document; throws `FormatError` when an id does not fit the dtype.
    public func append(_ ids: [Int]) throws {
        guard ids.count <= Int(Int32.max) else { throw FormatError(data.url, "a document of \(ids.count) tokens is too long") }
        if let bad = ids.first(where: { $0 < 0 || $0 > dtype.maximumID }) {
            throw FormatError(data.url, "id \(bad) does not fit the dataset's \(dtype.name) tokens")
        }
        switch dtype {
        case .uint8: try ids.map { UInt8($0) }.withUnsafeBytes { try data.append($0) }
        case .uint16: try ids.map { UInt16($0).littleEndian }.withUnsafeBytes { try data.append($0) }
        case .int32: try ids.map { Int32($0).littleEndian }.withUnsafeBytes { try data.append($0) }
        }
        try withUnsafeBytes(of: Int32(ids.count).littleEndian) { try lengths.append($0) }
        documentCount += 1
        tokenCount += ids.count
    }

    /// Writes `PREFIX.idx`, renames the data to `PREFIX.bin` and removes the lengths file. The index
    /// is written in chunks of lengths read back from the lengths file, so memory stays bounded.
    public func finish() throws {
        let documents = documentCount
        try AtomicFileOutput.create(at: IndexedDataset.indexURL(prefix: prefix)) { output in
            var header = IndexedDatasetIndex.magic
            header.appendLittleEndian(IndexedDatasetIndex.version)
            header.append(dtype.rawValue)
            header.appendLittleEndian(UInt64(documents))
            header.appendLittleEndian(UInt64(documents + 1))
            try header.withUnsafeBytes { try output.append($0) }
            try lengths.forEachChunk(count: documents) { chunk in
                try chunk.map { Int32($0).littleEndian }.withUnsafeBytes { try output.append($0) }
            }
            var pointer = 0
            try lengths.forEachChunk(count: documents) { chunk in
                let pointers = chunk.map { length in
                    defer { pointer += length * dtype.size }
                    return Int64(pointer).littleEndian
                }
                try pointers.withUnsafeBytes { try output.append($0) }
            }
            for start in stride(from: 0, through: documents, by: PartialFile.chunkCount) {
                try (start...min(documents, start + PartialFile.chunkCount - 1)).map { Int64($0).littleEndian }
                    .withUnsafeBytes { try output.append($0) }
            }
            try data.commit(to: IndexedDataset.dataURL(prefix: prefix))
        }
        lengths.remove()
    }
}

/// A file appended to in place (not through a temporary name), kept across runs for resuming.
private final class PartialFile {
    /// Int32 values read back per chunk.
    static let chunkCount = 1 << 16
    let url: URL
    private let descriptor: Int32

    /// Opens `url` for appending; without `keep` it is emptied (or created) first.
    init(_ url: URL, keep: Bool) throws {
        self.url = url
        descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC | (keep ? 0 : O_TRUNC), 0o644)
        guard descriptor >= 0 else { throw FormatError(url, "cannot open: \(systemErrorMessage())") }
        guard lseek(descriptor, 0, SEEK_END) >= 0 else { throw FormatError(url, "cannot seek: \(systemErrorMessage())") }
    }

    deinit { close(descriptor) }

    /// Appends all of `bytes`.
    func append(_ bytes: UnsafeRawBufferPointer) throws {
        try writeAll(bytes, to: descriptor, url: url)
    }

    /// Calls `body` with the file's first `count` int32 values, `chunkCount` at a time; throws when it holds fewer.
    func forEachChunk(count: Int, _ body: ([Int]) throws -> Void) throws {
        for start in stride(from: 0, to: count, by: Self.chunkCount) {
            let chunk = min(Self.chunkCount, count - start)
            var values = [Int32](repeating: 0, count: chunk)
            let read = values.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, chunk * 4, off_t(start * 4)) }
            guard read == chunk * 4 else {
                throw FormatError(url, "holds \(start + max(read, 0) / 4) document lengths, fewer than the \(count) recorded as done")
            }
            try body(values.map { Int(Int32(littleEndian: $0)) })
        }
    }

    /// Cuts the file to `size` bytes (which it must have) and appends from there.
    func truncate(to size: Int) throws {
        var status = stat()
        guard fstat(descriptor, &status) == 0, Int(status.st_size) >= size else {
            throw FormatError(url, "holds \(Int(status.st_size)) bytes, fewer than the \(size) recorded as done")
        }
        guard ftruncate(descriptor, off_t(size)) == 0, lseek(descriptor, 0, SEEK_END) >= 0 else {
            throw FormatError(url, "cannot truncate: \(systemErrorMessage())")
        }
    }

    /// Flushes the file to disk and renames it to `destination`.
    func commit(to destination: URL) throws {
        guard fsync(descriptor) == 0 else { throw FormatError(url, "cannot flush to disk: \(systemErrorMessage())") }
        guard rename(url.path, destination.path) == 0 else { throw FormatError(destination, "cannot rename \(url.lastPathComponent) into place: \(systemErrorMessage())") }
    }

    /// Deletes the file.
    func remove() { unlink(url.path) }
}
