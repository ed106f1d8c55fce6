import ArgumentParser
import Foundation
import Tensor

/// The `tessera` command: thin over the Tessera library.
@main
struct TesseraCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tessera",
        abstract: "Discrete-token unified multimodal models on the CPU.",
        subcommands: [BenchCommand.self, MediaCommand.self]
    )

    /// Parses, runs, and maps failures to the exit codes every command shares:
    /// 2 for a usage error, 1 for any other failure, with one `tessera: error:` line.
    static func main() {
        BLAS.reexecuteWithAVX512KernelsIfNeeded()
        let command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
        do {
            var runnable = command
            try runnable.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let message = "\(error)".split(separator: "\n").joined(separator: " ")
            FileHandle.standardError.write(Data("tessera: error: \(message)\n".utf8))
            Foundation.exit(1)
        }
    }
}
