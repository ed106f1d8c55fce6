import Formats
import Foundation
import TextTokenizer
import Vocab

/// The tokenizers a vocabulary was built from, loaded once and shared by every worker thread
/// (their encoders keep no state between calls), each checked against the checksum the spec lists.
public struct DatasetTokenizers {
    /// The vocabulary.
    public let vocabulary: Vocabulary
    let text: SentencePieceTokenizer
    let image: ImageTokenization?
    let audio: AudioTokenization?
    /// Media files encoded so far (an image or clip used by several documents is encoded once).
    private let encoded = MediaSegmentCache()

    /// Loads the tokenizers the spec names, or the given overrides (a `.model` file or tokenizer
    /// directory for text; tokenizer directories for image and audio).
    public init(vocabulary: Vocabulary, text textURL: URL? = nil, image imageURL: URL? = nil, audio audioURL: URL? = nil) throws {
        self.vocabulary = vocabulary
        let spec = vocabulary.spec
        text = try TextTokenizerDirectory.load(textURL ?? vocabulary.resolve(spec.text.model))
        try Self.require(text.checksum, source: text.source, modality: .text, in: vocabulary)
        image = try spec.image.map { image in
            let model = try ImageTokenization(directory: imageURL ?? vocabulary.resolve(image.tokenizer))
            try Self.require(model.checksum, source: model.source, modality: .image, in: vocabulary)
            return model
        }
        audio = try spec.audio.map { audio in
            let model = try AudioTokenization(directory: audioURL ?? vocabulary.resolve(audio.tokenizer))
            try Self.require(model.checksum, source: model.source, modality: .audio, in: vocabulary)
            return model
        }
    }

    /// The id stream of `document` (`DocumentBuilder`'s grammar) and its loss mask (parts count in
    /// the loss unless they say `"loss": false`); throws a `ManifestProblem` naming the part's media
    /// file when one cannot be read or does not fit the vocabulary.
    func ids(for document: ManifestDocument) throws -> (ids: [Int], mask: [Bool]) {
        let segments = try document.parts.enumerated().map { index, part in
            do {
                return try segment(for: part.content)
            } catch let error as FormatError {
                throw ManifestProblem("part \(index + 1) \(error.description)")
            }
        }
        do {
            return try DocumentBuilder(vocabulary: vocabulary).idsAndLossMask(for: segments, inLoss: document.parts.map { $0.loss ?? true },
                                                                             source: vocabulary.url.path)
        } catch let error as FormatError {
            throw ManifestProblem(error.description)
        }
    }

    /// The token segment of one part: text encoded, an image or clip encoded (once per file); throws a
    /// `FormatError` naming the media file.
    func segment(for content: ManifestDocument.Content) throws -> TokenSegment {
        switch content {
        case .text(let string):
            return TokenSegment(text: try text.encode(string), vocabularySize: text.vocabularySize)
        case .image(let url):
            guard let image, let spec = vocabulary.spec.image else { throw FormatError(url, "the vocabulary has no image codebook") }
            return try encoded.segment(for: url) { try image.tokenize([url], size: spec.imageSize).segments[0] }
        case .audio(let url):
            guard let audio, let spec = vocabulary.spec.audio else { throw FormatError(url, "the vocabulary has no audio codebooks") }
            return try encoded.segment(for: url) { try audio.tokenize([url], bandwidth: Float(spec.bandwidth)).segments[0] }
        }
    }

    private static func require(_ checksum: SHA256Digest, source: String, modality: TokenModality, in vocabulary: Vocabulary) throws {
        let listed = vocabulary.tokenizerChecksum(for: modality) ?? ""
        guard checksum.hex == listed else {
            throw FormatError(path: source, problem: "has sha256 \(checksum.hex.prefix(12))…, but \(vocabulary.url.path) lists a "
                + "\(modality.rawValue) tokenizer with \(listed.prefix(12))…")
        }
    }
}
