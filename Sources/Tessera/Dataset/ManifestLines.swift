import Formats
import Foundation

/// The non-blank lines of a JSONL manifest, read in chunks so memory stays bounded whatever the
/// file's size, each with its 1-based line number.
final class ManifestLines: IteratorProtocol {
    /// The bytes read per chunk.
    static let chunkSize = 1 << 20
    private let handle: FileHandle
    private let url: URL
    private var buffer = Data()
    private var lineNumber = 0
    private var atEnd = false

    /// Opens the manifest at `url`.
    init(_ url: URL) throws {
        self.url = url
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw FormatError(url, "cannot open: \((error as NSError).localizedDescription)")
        }
    }

    deinit { try? handle.close() }

    /// The next non-blank line (without its line break) and its number, or nil at the end.
    func next() -> (number: Int, text: Data)? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[buffer.startIndex..<newline]
                buffer = Data(buffer[(newline + 1)...])
                lineNumber += 1
                if let content = Self.content(line) { return (lineNumber, content) }
                continue
            }
            guard !atEnd else {
                guard !buffer.isEmpty else { return nil }
                defer { buffer = Data() }
                lineNumber += 1
                return Self.content(buffer).map { (lineNumber, $0) }
            }
            let chunk = (try? handle.read(upToCount: Self.chunkSize)) ?? nil
            if let chunk, !chunk.isEmpty { buffer.append(chunk) } else { atEnd = true }
        }
    }

    /// The line without a trailing carriage return, or nil when it is only whitespace.
    private static func content(_ line: Data) -> Data? {
        let trimmed = line.last == UInt8(ascii: "\r") ? line.dropLast() : line
        let blank = trimmed.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        return blank ? nil : Data(trimmed)
    }
}
