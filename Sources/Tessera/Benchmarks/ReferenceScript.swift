import Foundation

/// Runs a `tools/` Python script that measures a reference (PyTorch, JPEG) and decodes the JSON
/// object it prints. Failures become a reason string, so a benchmark still reports its own figures.
public enum ReferenceScript {
    /// The script's JSON output decoded as `Output`, or the reason it could not be had.
    public static func run<Output: Decodable>(_ script: URL, arguments: [String], as: Output.Type) -> Result<Output, ReferenceUnavailable> {
        guard FileManager.default.fileExists(atPath: script.path) else {
            return .failure(ReferenceUnavailable(reason: "\(script.path) not found (run from the repository root)"))
        }
        let data: Data
        do {
            data = try ExternalProgram.run("python3", [script.path] + arguments)
        } catch {
            return .failure(ReferenceUnavailable(reason: "\(error)"))
        }
        guard let output = try? JSONDecoder().decode(Output.self, from: data) else {
            return .failure(ReferenceUnavailable(reason: "\(script.lastPathComponent) printed no readable JSON"))
        }
        return .success(output)
    }
}

/// Why a reference measurement is missing from a report.
public struct ReferenceUnavailable: Error, Encodable {
    public let reason: String
}
