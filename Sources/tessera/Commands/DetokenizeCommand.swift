import ArgumentParser
import Formats
import Foundation
import Tessera

/// `tessera detokenize`: token files back to media (text segments so far).
struct DetokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detokenize",
        abstract: "Decode a token file's text segments back to text.",
        discussion: "Several text segments are joined by newlines. The file must have been made with the same tokenizer when it records one."
    )

    @Argument(help: "The token file to decode.")
    var input: String

    @Option(help: "A SentencePiece .model file, or a tokenizer directory holding tokenizer.model.")
    var tokenizer: String

    @Option(name: [.short, .customLong("output")], help: "The text file to write.")
    var output: String

    func run() throws {
        let inputURL = URL(fileURLWithPath: input)
        let tokens = try TokenFile(contentsOf: inputURL)
        let model = try TextTokenizerDirectory.load(URL(fileURLWithPath: tokenizer))
        let text = try TextTokenization.detokenize(tokens, from: inputURL, with: model)
        try AtomicFileOutput.save(Data(text.utf8), to: URL(fileURLWithPath: output))
    }
}
