import ArgumentParser
import Formats
import Foundation

/// The inputs, tokenizer directory and output that `tokenize image` and `tokenize audio` share.
struct MediaTokenizeOptions: ParsableArguments {
    @Argument(help: "The media files to encode, one segment each (PNG for images, WAV/FLAC/OGG for audio).")
    var inputs: [String]

    @Option(help: "The tokenizer directory (config.json, model.safetensors).")
    var tokenizer: String

    @Option(name: [.short, .customLong("output")], help: "The token file to write (.tok).")
    var output: String

    @OptionGroup var vocabulary: VocabOption

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("Give at least one input file.") }
    }

    var inputURLs: [URL] { inputs.map { URL(fileURLWithPath: $0) } }
    var tokenizerURL: URL { URL(fileURLWithPath: tokenizer) }
    var outputURL: URL { URL(fileURLWithPath: output) }

    /// Writes `file` to the output, with global ids when `--vocab` is given.
    func write(_ file: TokenFile) throws {
        try vocabulary.apply(file, url: outputURL).write(to: outputURL)
    }
}
