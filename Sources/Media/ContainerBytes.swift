import Formats
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Random access to a file's or a memory buffer's bytes, for the structure checks that run
/// before a C library reads the data (`PNGChunkCheck`, `RIFFChunkCheck`, `FileSignature`).
struct ContainerBytes {
    /// The total number of bytes.
    let size: Int
    /// Up to `count` bytes from `offset` (fewer at the end).
    let read: (_ offset: Int, _ count: Int) -> [UInt8]

    /// Bytes in memory.
    init(memory: UnsafeRawBufferPointer) {
        size = memory.count
        read = { offset, count in Array(memory[Swift.min(offset, memory.count)..<Swift.min(offset + count, memory.count)]) }
    }

    private init(size: Int, read: @escaping (Int, Int) -> [UInt8]) {
        self.size = size
        self.read = read
    }

    /// Runs `body` on the bytes of the file at `url` (read with pread while `body` runs).
    static func withFile<Result>(_ url: URL, _ body: (ContainerBytes) throws -> Result) throws -> Result {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FormatError(url, "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) != S_IFDIR else {
            throw FormatError(url, "cannot read: \(String(cString: strerror(errno == 0 ? EISDIR : errno)))")
        }
        return try body(ContainerBytes(size: Int(status.st_size)) { offset, count in
            var buffer = [UInt8](repeating: 0, count: count)
            let read = pread(descriptor, &buffer, count, off_t(offset))
            return Array(buffer.prefix(Swift.max(read, 0)))
        })
    }

    /// The 32-bit unsigned integer at `offset` of `bytes`, big- or little-endian.
    static func integer(_ bytes: [UInt8], at offset: Int, bigEndian: Bool) -> Int {
        let field = bytes[offset..<(offset + 4)]
        return (bigEndian ? Array(field) : field.reversed()).reduce(0) { $0 << 8 | Int($1) }
    }

    /// A four-character chunk name, with unprintable bytes shown as "?".
    static func chunkName(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes.map { (32..<127).contains($0) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }
}
