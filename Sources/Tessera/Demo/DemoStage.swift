import Formats
import Foundation

/// Runs one demo stage unless its marker file (`output/stages/NAME.done`) says it finished before.
enum DemoStage {
    /// Runs `body` and then writes the marker; prints one status line either way.
    static func run(_ name: String, settings: DemoSettings, _ body: () throws -> Void) throws {
        let marker = settings.path("stages/\(name).done")
        if FileManager.default.fileExists(atPath: marker.path) {
            status("\(name): done before, skipped", settings: settings)
            return
        }
        status("\(name)…", settings: settings)
        let started = Date()
        try body()
        try FileManager.default.createDirectory(at: marker.deletingLastPathComponent(), withIntermediateDirectories: true)
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        try AtomicFileOutput.save(Data("\(seconds) s\n".utf8), to: marker)
        status("\(name): done in \(seconds) s", settings: settings)
    }

    /// Writes `demo: <message>` to standard error unless quiet.
    static func status(_ message: String, settings: DemoSettings) {
        guard !settings.quiet else { return }
        FileHandle.standardError.write(Data("demo: \(message)\n".utf8))
    }
}
