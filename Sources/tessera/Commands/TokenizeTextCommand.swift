import ArgumentParser
import Formats
import Foundation
import Tessera

/// `tessera tokenize text`: text to a token file of SentencePiece ids.
struct TokenizeTextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Encode text with a SentencePiece model into a token file of one text segment."
    )

    @Argument(help: "The text to encode (or use --file).")
    var text: String?

    @Option(help: "A UTF-8 text file to encode instead of TEXT.")
    var file: String?

    @Option(help: "A SentencePiece .model file, or a tokenizer directory holding tokenizer.model.")
    var tokenizer: String

    @Option(name: [.short, .customLong("output")], help: "The token file to write (.tok).")
    var output: String

    @OptionGroup var vocabulary: VocabOption

    func validate() throws {
        guard (text == nil) != (file == nil) else { throw ValidationError("Give either TEXT or --file, not both or neither.") }
    }

    func run() throws {
        let model = try TextTokenizerDirectory.load(URL(fileURLWithPath: tokenizer))
        let input = try file.map { try FileContents.readText(URL(fileURLWithPath: $0), maximumSize: TextTokenization.maximumTextFileSize) }
        let tokens = try TextTokenization.tokenize(input ?? text ?? "", with: model)
        let outputURL = URL(fileURLWithPath: output)
        try vocabulary.apply(tokens, url: outputURL).write(to: outputURL)
    }
}
