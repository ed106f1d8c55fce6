import ArgumentParser
import Foundation
import Tensor

/// The `tessera` command: thin over the Tessera library.
@main
struct TesseraCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tessera",
        abstract: "Discrete-token unified multimodal models on the CPU.",
        subcommands: [
            BenchCommand.self, MediaCommand.self, TokenizeCommand.self, DetokenizeCommand.self, TokensCommand.self,
            TrainTokenizerCommand.self, VocabCommand.self, TrainCommand.self, SampleCommand.self, ExportCommand.self, DemoCommand.self,
        ]
    )

    /// Parses, runs, and maps failures to the exit codes every command shares:
    /// 2 for a usage error, 1 for any other failure, with one `tessera: error:` line.
    static func main() {
        BLAS.reexecuteWithAVX512KernelsIfNeeded()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            switch exitCode(for: error) {
            case .success:  // `--help` parses to ArgumentParser's help command, whose run() throws the text
                print(fullMessage(for: error))
                Foundation.exit(0)
            case .validationFailure:  // the parser's usage errors and ValidationError
                printError(fullMessage(for: error))
                Foundation.exit(2)
            default:
                printError("tessera: error: " + "\(error)".split(separator: "\n").joined(separator: " "))
                Foundation.exit(1)
            }
        }
    }

    private static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
