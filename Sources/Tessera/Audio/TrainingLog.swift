import AudioTokenizer
import Foundation

/// A JSON-lines log of step reports that survives a resume: opening it keeps only the steps
/// before the resumed one, so the file always reads as one uninterrupted run.
final class TrainingLog {
    let url: URL
    private let handle: FileHandle

    /// Opens (or creates) the log at `url`, dropping entries of steps ≥ `keepingStepsBelow`.
    init(url: URL, keepingStepsBelow first: Int) throws {
        self.url = url
        let kept = (try? Self.read(url))?.filter { $0.step < first } ?? []
        let text = try kept.map { String(decoding: try Self.line($0), as: UTF8.self) }.joined()
        try Data(text.utf8).write(to: url)
        handle = try FileHandle(forWritingTo: url)
        handle.seekToEndOfFile()
    }

    deinit { try? handle.close() }

    /// Appends one report as a line.
    func append(_ report: CodecStepReport) throws {
        handle.write(try Self.line(report))
    }

    /// One report as a JSON line with sorted keys.
    private static func line(_ report: CodecStepReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(report) + Data("\n".utf8)
    }

    /// Every report in the file.
    func reports() throws -> [CodecStepReport] { try Self.read(url) }

    private static func read(_ url: URL) throws -> [CodecStepReport] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(CodecStepReport.self, from: Data($0.utf8))
        }
    }
}
