import Foundation

/// Whole-file reads with a size limit, so an unexpectedly huge input is refused before it is copied.
public enum FileContents {
    /// The bytes of the regular file at `url`; throws `FormatError` when it cannot be read or holds
    /// more than `maximumSize` bytes.
    public static func read(_ url: URL, maximumSize: Int) throws -> Data {
        try MappedFile.withBytes(of: url) { bytes in
            try checkSize(bytes, maximumSize: maximumSize, url: url)
            return Data(bytes)
        }
    }

    /// The text of the UTF-8 file at `url`; throws `FormatError` naming the first invalid byte's offset
    /// when the file is not valid UTF-8, or when it is larger than `maximumSize` bytes.
    public static func readText(_ url: URL, maximumSize: Int) throws -> String {
        try MappedFile.withBytes(of: url) { bytes in
            try checkSize(bytes, maximumSize: maximumSize, url: url)
            try checkUTF8(bytes, url: url)
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Throws `FormatError` unless the whole file at `url` is valid UTF-8 (it is mapped, not copied).
    public static func checkUTF8(_ url: URL) throws {
        try MappedFile.withBytes(of: url) { try checkUTF8($0, url: url) }
    }

    private static func checkSize(_ bytes: UnsafeRawBufferPointer, maximumSize: Int, url: URL) throws {
        guard bytes.count <= maximumSize else {
            throw FormatError(url, "file is \(bytes.count) bytes, more than the limit of \(maximumSize)")
        }
    }

    private static func checkUTF8(_ bytes: UnsafeRawBufferPointer, url: URL) throws {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return
            case .error:
                throw FormatError(url, "not valid UTF-8 text (invalid byte 0x\(String(bytes[offset], radix: 16)) at offset \(offset))")
            }
        }
    }
}

extension MappedFile {
    /// Maps the file at `url` and calls `body` with its bytes, which stay mapped until `body` returns.
    static func withBytes<Result>(of url: URL, _ body: (UnsafeRawBufferPointer) throws -> Result) throws -> Result {
        let mapping = try MappedFile(url: url)
        return try withExtendedLifetime(mapping) { try body(mapping.bytes) }
    }
}
