import Formats
import Foundation
import Vocab

/// A sampling prompt made from media: `<bos>`, then the text, image and audio parts laid out as
/// the vocabulary lays out a document (segments in brackets), without the closing `<eos>`, so the
/// model continues the document.
public enum SamplePrompt {
    /// The global ids of `text`, the images and the audio clips, in that order.
    public static func ids(text: String?, images: [URL], audio: [URL], vocabulary: Vocabulary) throws -> [Int32] {
        var parts: [TokenSegment] = []
        if let text {
            let tokenizer = try TextTokenizerDirectory.load(vocabulary.resolve(vocabulary.spec.text.model))
            parts += try TextTokenization.tokenize(text, with: tokenizer).segments
        }
        if !images.isEmpty {
            guard let image = vocabulary.spec.image else { throw FormatError(vocabulary.url, "has no image codebook for --image") }
            parts += try ImageTokenization(directory: vocabulary.resolve(image.tokenizer)).tokenize(images, size: image.imageSize).segments
        }
        if !audio.isEmpty {
            guard let spec = vocabulary.spec.audio else { throw FormatError(vocabulary.url, "has no audio codebooks for --audio") }
            parts += try AudioTokenization(directory: vocabulary.resolve(spec.tokenizer)).tokenize(audio, bandwidth: Float(spec.bandwidth)).segments
        }
        let document = try DocumentBuilder(vocabulary: vocabulary).ids(for: parts, source: "the prompt")
        return document.dropLast().map { Int32($0) }
    }
}
