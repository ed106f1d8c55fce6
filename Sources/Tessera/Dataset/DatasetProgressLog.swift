import Formats
import Foundation

/// `PREFIX.progress`: what a `tokenize dataset` run has committed, one JSON line per manifest
/// document after a header line that identifies the run, so a killed run can go on where it
/// stopped. A document's line is written only after its tokens, so every recorded document is
/// in the partial shard; a cut-off last line is dropped on resuming.
final class DatasetProgressLog {
    /// What a resumed run must share with the run that wrote the log (the error policy may change:
    /// every record before a failure is a written or skipped document either way).
    struct Header: Codable, Equatable {
        var manifest: String
        var manifestSize: Int
        var manifestModified: Double
        var vocabSHA256: String
        var shard: String
        var lossMask: Bool
    }

    /// One manifest document: its token count, or why it was skipped.
    struct Record: Codable {
        var line: Int
        var tokens: Int?
        var skipped: String?
    }

    /// What the records of a log add up to.
    struct Totals {
        /// Manifest documents handled (written or skipped).
        var items = 0
        /// Documents written.
        var documents = 0
        /// The line number of the last document handled.
        var lastLine = 0
        /// Skipped documents: line number and problem.
        var skipped: [(line: Int, problem: String)] = []

        mutating func add(_ record: Record) {
            items += 1
            lastLine = record.line
            if let problem = record.skipped { skipped.append((record.line, problem)) } else { documents += 1 }
        }
    }

    /// `PREFIX.progress`.
    static func url(prefix: URL) -> URL { URL(fileURLWithPath: prefix.path + ".progress") }

    let url: URL
    private let handle: FileHandle

    /// Opens the log of `prefix`. When a log with the same header exists, its complete records are
    /// kept and returned as totals (a cut-off last line is removed); otherwise a new log is started
    /// and the totals are nil.
    init(prefix: URL, header: Header) throws {
        url = Self.url(prefix: prefix)
        let (kept, totals) = Self.previous(at: url, header: header)
        do {
            if kept == nil {
                try (Self.line(header)).write(to: url)
            } else {
                try FileHandle(forWritingTo: url).truncate(atOffset: UInt64(kept!))
            }
            handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
        } catch {
            throw FormatError(url, "cannot write the progress log: \((error as NSError).localizedDescription)")
        }
        resumed = totals
    }

    /// The totals of the run this one resumes, or nil for a fresh start.
    let resumed: Totals?

    deinit { try? handle.close() }

    /// Appends one document's record.
    func append(_ record: Record) throws {
        do {
            try handle.write(contentsOf: Self.line(record))
        } catch {
            throw FormatError(url, "cannot write the progress log: \((error as NSError).localizedDescription)")
        }
    }

    /// Deletes the log (the run is complete).
    func remove() { try? FileManager.default.removeItem(at: url) }

    /// The byte length of the complete lines to keep and their totals, when `url` holds a log
    /// with `header`; (nil, nil) otherwise. The log is streamed, not read whole.
    private static func previous(at url: URL, header: Header) -> (Int?, Totals?) {
        guard let lines = try? LineReader(url), let first = lines.next(), first.isTerminated,
              (try? JSONDecoder().decode(Header.self, from: first.text)) == header else { return (nil, nil) }
        var totals = Totals(), kept = first.end
        while let line = lines.next(), line.isTerminated, let record = try? JSONDecoder().decode(Record.self, from: line.text) {
            totals.add(record)
            kept = line.end
        }
        return (kept, totals)
    }

    private static func line<Value: Encodable>(_ value: Value) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value) + Data("\n".utf8)
    }
}
