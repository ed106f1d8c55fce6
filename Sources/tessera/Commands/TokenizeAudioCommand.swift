import ArgumentParser
import Foundation
import Tessera

/// `tessera tokenize audio`: audio files to a token file of audio segments.
struct TokenizeAudioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audio",
        abstract: "Encode audio files with an EnCodec tokenizer into a token file of one audio segment per file."
    )

    @OptionGroup var files: MediaTokenizeOptions

    @Option(help: "The bandwidth in kbps; it sets the number of RVQ levels (default: all levels).")
    var bandwidth: Float = 0

    func validate() throws {
        guard bandwidth >= 0 else { throw ValidationError("--bandwidth must not be negative.") }
    }

    func run() throws {
        let model = try AudioTokenization(directory: files.tokenizerURL)
        try files.write(model.tokenize(files.inputURLs, bandwidth: bandwidth))
    }
}
