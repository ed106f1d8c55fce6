import Foundation

/// Progress and result lines on standard error, silenced by `--quiet`.
struct StatusLine {
    let quiet: Bool

    /// Whether standard error is a terminal (progress goes only there, so logs and pipes hold results and errors).
    private static let standardErrorIsTerminal = isatty(FileHandle.standardError.fileDescriptor) != 0

    /// Writes `tessera: <message>` to standard error when it is a terminal and not quiet.
    func progress(_ message: String) {
        guard Self.standardErrorIsTerminal else { return }
        result(message)
    }

    /// Writes `tessera: <message>` to standard error unless quiet.
    func result(_ message: String) {
        guard !quiet else { return }
        FileHandle.standardError.write(Data("tessera: \(message)\n".utf8))
    }
}
