import ArgumentParser
import Formats
import Foundation
import Tessera
import Vocab

/// `tessera vocab build`: a vocabulary spec from the tokenizers.
struct VocabBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Write a vocab spec: the text ids, then the special tokens, the image codebook and each audio RVQ level.",
        discussion: "Tokenizer paths are stored relative to the spec's directory. <bos>, <eos> and <pad> reuse the "
            + "SentencePiece model's own ids when it has them."
    )

    @Option(help: "The SentencePiece .model file or text tokenizer directory.")
    var text: String

    @Option(help: "The image tokenizer directory (config.json, model.safetensors).")
    var image: String?

    @Option(help: "The audio tokenizer directory (config.json, model.safetensors).")
    var audio: String?

    @Option(help: "Audio bandwidth in kbps, which sets the number of RVQ levels (default: the codec's largest).")
    var bandwidth: Float?

    @Flag(help: "End each row of image codes with <eol>.")
    var endOfRow = false

    @Option(name: [.short, .customLong("output")], help: "The spec to write (vocab/NAME.json).")
    var output: String

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if let bandwidth, bandwidth <= 0 { throw ValidationError("--bandwidth must be positive.") }
        if bandwidth != nil && audio == nil { throw ValidationError("--bandwidth needs --audio.") }
    }

    func run() throws {
        let outputURL = URL(fileURLWithPath: output)
        let spec = try VocabularyBuilding.spec(text: URL(fileURLWithPath: text), image: image.map { URL(fileURLWithPath: $0) },
                                               audio: audio.map { URL(fileURLWithPath: $0) }, bandwidth: bandwidth.map { .kbps($0) } ?? .largest,
                                               endOfRow: endOfRow, output: outputURL)
        let data = try Vocabulary.encode(spec)
        try AtomicFileOutput.save(data, to: outputURL)
        StatusLine(quiet: quiet).result("wrote \(output) (\(spec.vocabSize) ids, sha256 \(SHA256.hash(data).hex.prefix(12))…)")
    }
}
