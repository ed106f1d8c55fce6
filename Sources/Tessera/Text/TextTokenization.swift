import Formats
import Foundation
import TextTokenizer

/// Text to token files and back with a SentencePiece tokenizer.
public enum TextTokenization {
    /// The largest text file `tokenize text` reads: 16 MiB. libsentencepiece 0.1.97 encodes one
    /// text as one sentence and needs about 180 bytes of memory per input byte to do so (1.8 GB for
    /// 10 MB), so larger texts should be split into documents.
    public static let maximumTextFileSize = 16 << 20

    /// A token file holding `text` as one text segment, stamped with the tokenizer's checksum.
    public static func tokenize(_ text: String, with tokenizer: SentencePieceTokenizer) throws -> TokenFile {
        let codes = try tokenizer.encode(text)
        return TokenFile(segments: [TokenSegment(text: codes, vocabularySize: tokenizer.vocabularySize)],
                         vocabularyChecksum: tokenizer.checksum)
    }

    /// The text of every text segment of `file` (read from `url`, named in errors), joined by newlines.
    /// Throws when the file holds other modalities, or was made with a different tokenizer.
    public static func detokenize(_ file: TokenFile, from url: URL, with tokenizer: SentencePieceTokenizer) throws -> String {
        try TokenizerChecksum.require(file, from: url, madeWith: tokenizer.checksum, source: tokenizer.source)
        let texts = try TokenizerChecksum.segments(of: file, from: url, modality: .text, codebookSize: tokenizer.vocabularySize,
                                                   source: tokenizer.source).map { try tokenizer.decode($0.codes) }
        return texts.joined(separator: "\n")
    }
}
