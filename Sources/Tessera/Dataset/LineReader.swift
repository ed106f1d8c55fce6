import Formats
import Foundation

/// The lines of a file, read in chunks so memory stays bounded whatever the file's size.
final class LineReader {
    /// One line: its text without the line break, its 1-based number, the byte offset just past it,
    /// and whether it ended with a line break (the file's last line may not).
    struct Line {
        var text: Data
        var number: Int
        var end: Int
        var isTerminated: Bool
    }

    /// The bytes read per chunk.
    static let chunkSize = 1 << 20
    private let handle: FileHandle
    private var buffer = Data()
    private var start = 0  // where the unread part of `buffer` begins
    private var bufferOffset = 0  // the file offset of buffer[0]
    private var lineNumber = 0
    private var atEnd = false

    /// Opens the file at `url`.
    init(_ url: URL) throws {
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw FormatError(url, "cannot open: \((error as NSError).localizedDescription)")
        }
    }

    deinit { try? handle.close() }

    /// The next line, or nil at the end of the file.
    func next() -> Line? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                defer { start = newline + 1 }
                return line(buffer[start..<newline], end: newline + 1, terminated: true)
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                defer { start = buffer.count }
                return line(buffer[start...], end: buffer.count, terminated: false)
            }
            // Drop what has been read, then append the next chunk.
            bufferOffset += start
            buffer = Data(buffer[start...])
            start = 0
            let chunk = (try? handle.read(upToCount: Self.chunkSize)) ?? nil
            if let chunk, !chunk.isEmpty { buffer.append(chunk) } else { atEnd = true }
        }
    }

    private func line(_ bytes: Data, end: Int, terminated: Bool) -> Line {
        lineNumber += 1
        return Line(text: Data(bytes), number: lineNumber, end: bufferOffset + end, isTerminated: terminated)
    }
}
