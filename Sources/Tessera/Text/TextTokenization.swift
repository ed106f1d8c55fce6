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
        // Without global ids the checksum is the text tokenizer's own; with them it is the vocabulary's.
        if let checksum = file.vocabularyChecksum, file.globalVocabularySize == nil, checksum != tokenizer.checksum {
            throw FormatError(url, "was made with a different tokenizer (model SHA-256 \(checksum.hex.prefix(12))…, "
                + "but \(tokenizer.source) has \(tokenizer.checksum.hex.prefix(12))…)")
        }
        let texts = try file.segments.enumerated().map { index, segment in
            guard segment.modality == .text else {
                throw FormatError(url, "segment \(index) is \(segment.modality.rawValue); only text segments can be detokenized so far")
            }
            guard segment.codebookSize == tokenizer.vocabularySize else {
                throw FormatError(url, "segment \(index) uses a vocabulary of \(segment.codebookSize) pieces, "
                    + "but \(tokenizer.source) has \(tokenizer.vocabularySize)")
            }
            return try tokenizer.decode(segment.codes)
        }
        return texts.joined(separator: "\n")
    }
}
