import Foundation
import Media

/// Debian's `chromium` in headless mode, to check how the HTML reports render: a screenshot of a
/// page, or its DOM after the `load` event. Each call gets a fresh profile directory, removed after.
enum HeadlessChromium {
    /// Flags for a headless run that also works as root in a container: no sandbox (root cannot use it),
    /// no GPU, no scrollbars in screenshots, sRGB output at one device pixel per CSS pixel.
    static let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-color-profile=srgb",
                        "--force-device-scale-factor=1", "--no-first-run", "--disable-extensions", "--mute-audio"]
    /// The longest one run may take.
    static let timeout: TimeInterval = 60

    /// A problem running Chromium, as one line.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The page at `page` (a file URL) as a `width × height` screenshot.
    static func screenshot(of page: URL, width: Int, height: Int) throws -> RGBImage {
        try withScratchDirectory { directory in
            let file = directory.appendingPathComponent("screenshot.png")
            _ = try run(["--screenshot=\(file.path)", "--window-size=\(width),\(height)", page.absoluteString], in: directory)
            guard FileManager.default.fileExists(atPath: file.path) else { throw Failure(description: "chromium wrote no screenshot of \(page.path)") }
            return try PNGDecoder().decode(file)
        }
    }

    /// The DOM of the page at `page` (a file URL) once it has loaded, as HTML.
    static func dom(of page: URL) throws -> String {
        try withScratchDirectory { directory in try run(["--dump-dom", page.absoluteString], in: directory) }
    }

    /// The executable, from PATH.
    static func executable() throws -> URL {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        guard let found = directories.map({ URL(fileURLWithPath: String($0)).appendingPathComponent("chromium") })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw Failure(description: "chromium is not installed (not on PATH); run `bash tools/install-deps.sh`, which installs Debian's chromium package")
        }
        return found
    }

    /// Runs chromium with `flags`, `arguments` and a profile in `directory`; returns its standard output.
    private static func run(_ arguments: [String], in directory: URL) throws -> String {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = flags + ["--user-data-dir=\(directory.appendingPathComponent("profile").path)"] + arguments
        // Both streams go to files: chromium's helper processes may hold them open after it exits.
        let (output, errors) = (directory.appendingPathComponent("stdout"), directory.appendingPathComponent("stderr"))
        for file in [output, errors] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        (process.standardOutput, process.standardError) = (try FileHandle(forWritingTo: output), try FileHandle(forWritingTo: errors))
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw Failure(description: "chromium did not finish within \(Int(timeout)) s: \(arguments.joined(separator: " "))")
        }
        guard process.terminationStatus == 0 else {
            let lastLine = (try? String(contentsOf: errors, encoding: .utf8))?.split(separator: "\n").last.map(String.init) ?? ""
            throw Failure(description: "chromium exited with status \(process.terminationStatus): \(lastLine)")
        }
        return try String(contentsOf: output, encoding: .utf8)
    }

    /// Runs `body` with a new empty directory, removed afterwards.
    private static func withScratchDirectory<Result>(_ body: (URL) throws -> Result) throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try body(directory)
    }

    /// The integer value of `data-<name>` on the `<body>` element of `dom`, or nil when absent.
    static func bodyAttribute(_ name: String, in dom: String) -> Int? {
        guard let body = dom.range(of: "<body[^>]*>", options: .regularExpression).map({ dom[$0] }),
              let attribute = body.range(of: "data-\(name)=\"[0-9]+\"", options: .regularExpression) else { return nil }
        return Int(body[attribute].split(separator: "\"")[1])
    }
}
