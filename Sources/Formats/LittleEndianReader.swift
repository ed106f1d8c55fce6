import Foundation

/// A cursor over bytes in memory that reads little-endian values and refuses to run past the end.
struct LittleEndianReader {
    /// The file being read, named in errors.
    let url: URL
    private let bytes: UnsafeRawBufferPointer
    /// Where the next read starts.
    private(set) var offset = 0

    init(_ bytes: UnsafeRawBufferPointer, url: URL) {
        self.bytes = bytes
        self.url = url
    }

    /// The number of bytes not yet read.
    var remaining: Int { bytes.count - offset }

    /// Throws unless `count` more bytes (`what`, for the error) are there to read.
    func require(_ count: Int, for what: String) throws {
        guard count <= remaining else {
            throw FormatError(url, "file is cut off: \(what) needs \(count) bytes at offset \(offset), "
                + "but only \(remaining) remain")
        }
    }

    /// The next `count` bytes.
    mutating func bytes(_ count: Int, for what: String) throws -> UnsafeRawBufferPointer {
        try require(count, for: what)
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
    }

    /// The next value of type `Value`, stored little-endian.
    mutating func integer<Value: FixedWidthInteger>(_: Value.Type, for what: String) throws -> Value {
        try require(MemoryLayout<Value>.size, for: what)
        defer { offset += MemoryLayout<Value>.size }
        return Value(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Value.self))
    }

    /// The next `count` little-endian UInt32 values, widened to Int.
    mutating func uint32Array(count: Int, for what: String) throws -> [Int] {
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: 4)
        guard !overflow else { throw FormatError(url, "\(what): \(count) values overflow the byte count") }
        let region = try bytes(byteCount, for: what)
        return [Int](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count {
                buffer[index] = Int(UInt32(littleEndian: region.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)))
            }
            initialized = count
        }
    }
}

extension Array where Element == UInt8 {
    /// Appends `value`'s bytes, least significant first (the byte order of every format here).
    mutating func appendLittleEndian<Value: FixedWidthInteger>(_ value: Value) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
