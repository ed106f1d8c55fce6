import Foundation

/// The non-blank lines of a JSONL manifest, streamed, each with its 1-based line number.
final class ManifestLines: IteratorProtocol {
    private let lines: LineReader

    /// Opens the manifest at `url`.
    init(_ url: URL) throws {
        lines = try LineReader(url)
    }

    /// The next non-blank line (without its line break or a trailing carriage return) and its number,
    /// or nil at the end.
    func next() -> (number: Int, text: Data)? {
        while let line = lines.next() {
            let text = line.text.last == UInt8(ascii: "\r") ? line.text.dropLast() : line.text
            if !text.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { return (line.number, Data(text)) }
        }
        return nil
    }
}
