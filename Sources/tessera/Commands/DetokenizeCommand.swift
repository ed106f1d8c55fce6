import ArgumentParser
import Formats
import Foundation
import Media
import Tessera

/// `tessera detokenize`: a token file back to text, PNG images or WAV audio.
struct DetokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detokenize",
        abstract: "Decode a token file's segments back to text, PNG images or WAV audio.",
        discussion: """
            Text segments are joined by newlines into one file. Image and audio segments need the image or \
            audio tokenizer directory; one segment is written to OUT, several to OUT-0.png, OUT-1.png, … \
            (OUT's extension, if any, is replaced by the index and .png or .wav). The file must have been \
            made with the same tokenizer when it records one.
            """
    )

    @Argument(help: "The token file to decode.")
    var input: String

    @Option(help: "A SentencePiece .model file or text tokenizer directory, or an image or audio tokenizer directory.")
    var tokenizer: String

    @Option(name: [.short, .customLong("output")], help: "The file to write (text, PNG or WAV).")
    var output: String

    @OptionGroup var vocabulary: VocabOption

    func run() throws {
        let inputURL = URL(fileURLWithPath: input), tokenizerURL = URL(fileURLWithPath: tokenizer)
        let outputURL = URL(fileURLWithPath: output)
        let tokens = try vocabulary.apply(TokenFile(contentsOf: inputURL), url: inputURL)
        switch tokens.segments.first?.modality ?? .text {
        case .text:
            let model = try TextTokenizerDirectory.load(tokenizerURL)
            let text = try TextTokenization.detokenize(tokens, from: inputURL, with: model)
            try AtomicFileOutput.save(Data(text.utf8), to: outputURL)
        case .image:
            let images = try ImageTokenization(directory: tokenizerURL).detokenize(tokens, from: inputURL)
            for (image, url) in zip(images, Self.outputs(outputURL, count: images.count, extension: "png")) { try image.writePNG(to: url) }
        case .audio:
            let clips = try AudioTokenization(directory: tokenizerURL).detokenize(tokens, from: inputURL)
            for (clip, url) in zip(clips, Self.outputs(outputURL, count: clips.count, extension: "wav")) { try clip.writeWAV(to: url) }
        }
    }

    /// `output` itself for one segment; `output` without its extension plus `-i.ext` for each of several.
    static func outputs(_ output: URL, count: Int, extension fileExtension: String) -> [URL] {
        guard count > 1 else { return [output] }
        let stem = output.deletingPathExtension()
        return (0..<count).map { URL(fileURLWithPath: stem.path + "-\($0).\(fileExtension)") }
    }
}
