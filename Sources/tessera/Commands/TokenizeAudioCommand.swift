import ArgumentParser
import Foundation
import Tessera

/// `tessera tokenize audio`: audio files to a token file of audio segments.
struct TokenizeAudioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audio",
        abstract: "Encode audio files with an EnCodec tokenizer into a token file of one audio segment per file."
    )

    @Argument(help: "The audio files (WAV) to encode.")
    var inputs: [String]

    @Option(help: "The audio tokenizer directory (config.json, model.safetensors).")
    var tokenizer: String

    @Option(help: "The bandwidth in kbps; it sets the number of RVQ levels (default: all levels).")
    var bandwidth: Float = 0

    @Option(name: [.short, .customLong("output")], help: "The token file to write (.tok).")
    var output: String

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("Give at least one audio file.") }
        guard bandwidth >= 0 else { throw ValidationError("--bandwidth must not be negative.") }
    }

    func run() throws {
        let model = try AudioTokenization(directory: URL(fileURLWithPath: tokenizer))
        try model.tokenize(inputs.map { URL(fileURLWithPath: $0) }, bandwidth: bandwidth).write(to: URL(fileURLWithPath: output))
    }
}
