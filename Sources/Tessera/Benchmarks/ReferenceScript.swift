import Foundation

/// Runs a `tools/` Python script that measures a reference (PyTorch, JPEG, codec2) and decodes the
/// JSON object it prints. Failures become a reason string, so a benchmark still reports its own figures.
public enum ReferenceScript {
    /// The script's JSON output decoded as `Output`, or the reason it could not be had.
    public static func run<Output: Decodable>(_ script: URL, arguments: [String], as: Output.Type) -> Result<Output, ReferenceUnavailable> {
        guard FileManager.default.fileExists(atPath: script.path) else {
            return .failure(ReferenceUnavailable(reason: "\(script.path) not found (run from the repository root)"))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + arguments
        // Standard error goes to a file: a pipe nobody reads would block a chatty script.
        let errorLog = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-reference-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: errorLog) }
        let output = Pipe()
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        process.standardOutput = output
        process.standardError = try? FileHandle(forWritingTo: errorLog)
        do {
            try process.run()
        } catch {
            return .failure(ReferenceUnavailable(reason: "cannot start python3: \(error.localizedDescription)"))
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let messages = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            let last = messages.split(separator: "\n").last.map(String.init) ?? "exit status \(process.terminationStatus)"
            return .failure(ReferenceUnavailable(reason: "\(script.lastPathComponent) failed: \(last)"))
        }
        do {
            return .success(try JSONDecoder().decode(Output.self, from: data))
        } catch {
            return .failure(ReferenceUnavailable(reason: "\(script.lastPathComponent) printed no readable JSON"))
        }
    }
}

/// Why a reference measurement is missing from a report.
public struct ReferenceUnavailable: Error, Encodable {
    public let reason: String
}
