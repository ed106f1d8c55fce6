import Foundation

/// Runs other programs (python3 scripts, c2enc, c2dec) for benchmarks and the demo and captures their output.
enum ExternalProgram {
    /// Runs `executable` (looked up on PATH) with `arguments`; returns standard output, or throws a
    /// one-line error quoting the last line of standard error when it exits with a failure.
    /// `showingProgress` passes standard error through to ours instead (a long job's progress bar).
    static func run(_ executable: String, _ arguments: [String], showingProgress: Bool = false) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        // Standard error goes to a file, so that neither stream can fill a pipe and stall the child.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let output = Pipe()
        (process.standardOutput, process.standardError) = (output, showingProgress ? FileHandle.standardError : try FileHandle(forWritingTo: errorFile))
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errorData = (try? Data(contentsOf: errorFile)) ?? Data()
        guard process.terminationStatus == 0 else {
            let lastLine = String(decoding: errorData, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
            let reason = showingProgress ? "see its messages above" : lastLine
            throw BenchmarkError("\(executable) exited with status \(process.terminationStatus): \(reason)")
        }
        return outputData
    }

}

/// A benchmark that could not run (a missing reference program, data or tokenizer), as one line.
public struct BenchmarkError: Error, CustomStringConvertible {
    /// The problem, one line.
    public let description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
