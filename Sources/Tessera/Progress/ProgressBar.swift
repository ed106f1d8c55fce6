import Foundation

/// A progress bar on standard error for long jobs: redrawn in place on a terminal; otherwise one
/// line every `logInterval` seconds and a last one at the end, so background runs leave a readable
/// log while jobs shorter than the interval print nothing. Silent when quiet.
///
/// `update` takes the finished count and extra fields (`loss 0.123`, `usage 91%`); the bar adds
/// the rate and the time left.
public final class ProgressBar {
    private let label: String
    private let total: Int
    private let quiet: Bool
    private let isTerminal: Bool
    private let logInterval: Double
    private let started = Date()
    private var startCount: Int?
    private var lastWrite: Date
    private var hasWritten = false

    /// A bar for `total` units of work named `label`.
    public init(_ label: String, total: Int, quiet: Bool = false, logInterval: Double = 30) {
        self.label = label
        self.total = max(total, 1)
        self.quiet = quiet
        self.logInterval = logInterval
        isTerminal = isatty(FileHandle.standardError.fileDescriptor) != 0
        lastWrite = isTerminal ? .distantPast : started
    }

    /// Redraws the bar for `done` units (the first call's count is where a resumed run started).
    public func update(_ done: Int, _ fields: [String] = []) {
        guard !quiet else { return }
        if startCount == nil { startCount = done }
        let now = Date()
        let finished = done >= total && (isTerminal || hasWritten)
        guard finished || now.timeIntervalSince(lastWrite) >= (isTerminal ? 0.2 : logInterval) else { return }
        (lastWrite, hasWritten) = (now, true)
        write(line(done, fields: fields, elapsed: now.timeIntervalSince(started)))
    }

    /// Ends the bar's line (on a terminal) so later output starts on a fresh line.
    public func finish() {
        guard !quiet, isTerminal, hasWritten else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }

    private func line(_ done: Int, fields: [String], elapsed: Double) -> String {
        let width = 24
        let filled = min(width, width * done / total)
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let rate = Double(done - (startCount ?? 0)) / max(elapsed, 1e-9)
        let remaining = rate > 0 ? Double(total - done) / rate : .infinity
        let parts = ["\(label) \(bar) \(done)/\(total)"] + fields + [String(format: "%.2f/s", rate), "ETA " + Self.clock(remaining)]
        return parts.joined(separator: "  ")
    }

    private func write(_ line: String) {
        let text = isTerminal ? "\r\u{1B}[K" + line : line + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// `h:mm:ss` or `m:ss`; `--:--` when unknown.
    static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "--:--" }
        let whole = Int(seconds.rounded())
        let (hours, minutes, secondsPart) = (whole / 3600, whole / 60 % 60, whole % 60)
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, secondsPart) : String(format: "%d:%02d", minutes, secondsPart)
    }
}
