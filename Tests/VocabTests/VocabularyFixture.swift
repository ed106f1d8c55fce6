import Formats
import Foundation
import TextTokenizer
import Vocab

/// Vocabularies over the TextTokenizerTests' unigram model (600 pieces, `<s>` 1, `</s>` 2, no pad),
/// a 256-code image codebook on a 4×4 grid and a 64-code audio codec.
enum VocabularyFixture {
    static let textModelURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TextTokenizerTests/Fixtures/unigram.model")

    /// A spec with `levels` audio levels and, optionally, `<eol>` after each image row.
    static func spec(levels: Int = 8, endOfRow: Bool = false) throws -> VocabularySpec {
        let (text, specials) = VocabularyLayout.text(try SentencePieceTokenizer(contentsOf: textModelURL), path: "unigram.model")
        let image = VocabularyLayout.ImageCodebook(tokenizer: "image", sha256: String(repeating: "a", count: 64), codebookSize: 256,
                                                   grid: [4, 4], imageSize: 64, endOfRow: endOfRow)
        let audio = VocabularyLayout.AudioCodebook(tokenizer: "audio", sha256: String(repeating: "b", count: 64), codebookSize: 64,
                                                   levels: levels, bandwidth: 0.3 * Double(levels), frameRate: 50, sampleRate: 24000)
        return VocabularyLayout.make(text: text, textSpecials: specials, image: image, audio: audio)
    }

    /// The vocabulary of `spec`, as if read from `name`.
    static func vocabulary(_ spec: VocabularySpec, name: String = "v.json") throws -> Vocabulary {
        try Vocabulary(data: Vocabulary.encode(spec), url: URL(fileURLWithPath: "/vocab/\(name)"))
    }
}
