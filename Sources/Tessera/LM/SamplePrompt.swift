import Formats
import Foundation
import Vocab

/// A sampling prompt made from media: `<bos>`, then the text, image and audio parts laid out as
/// the vocabulary lays out a document (segments in brackets), without the closing `<eos>`, so the
/// model continues the document.
public enum SamplePrompt {
    /// The global ids of `text`, the images and the audio clips, in that order, encoded by `tokenizers`.
    public static func ids(text: String?, images: [URL], audio: [URL], tokenizers: DatasetTokenizers) throws -> [Int32] {
        try ids(parts: (text.map { [.text($0)] } ?? []) + images.map { .image($0) } + audio.map { .audio($0) }, tokenizers: tokenizers)
    }

    /// The global ids of `parts`, in order.
    static func ids(parts: [ManifestDocument.Content], tokenizers: DatasetTokenizers) throws -> [Int32] {
        let segments = try parts.map { try tokenizers.segment(for: $0) }
        let document = try DocumentBuilder(vocabulary: tokenizers.vocabulary).ids(for: segments, source: "the prompt")
        return document.dropLast().map { Int32($0) }
    }
}
