import Formats
import Foundation

/// The checksum a token file records for the tokenizer it was made with, and the check that a
/// file is decoded only by that tokenizer.
enum TokenizerChecksum {
    /// The SHA-256 of a neural tokenizer directory's `model.safetensors`.
    static func ofModel(in directory: URL) throws -> SHA256Digest {
        let url = directory.appendingPathComponent("model.safetensors")
        do {
            return SHA256.hash(try Data(contentsOf: url, options: .mappedIfSafe))
        } catch {
            throw FormatError(url, "cannot read the file: \((error as NSError).localizedDescription)")
        }
    }

    /// Throws when `file` (read from `url`) records a checksum other than `checksum`, the checksum
    /// of the tokenizer at `source`. A file with global ids records its vocabulary's checksum instead.
    static func require(_ file: TokenFile, from url: URL, madeWith checksum: SHA256Digest, source: String) throws {
        guard let recorded = file.vocabularyChecksum, file.globalVocabularySize == nil, recorded != checksum else { return }
        throw FormatError(url, "was made with a different tokenizer (model SHA-256 \(recorded.hex.prefix(12))…, "
            + "but \(source) has \(checksum.hex.prefix(12))…)")
    }

    /// The segments of `file` (read from `url`), all of which must be of `modality` with `codebookSize` codes.
    static func segments(of file: TokenFile, from url: URL, modality: TokenModality, codebookSize: Int,
                         source: String) throws -> [TokenSegment] {
        try file.segments.enumerated().map { index, segment in
            guard segment.modality == modality else {
                throw FormatError(url, "segment \(index) is \(segment.modality.rawValue), but \(source) is a \(modality.rawValue) tokenizer")
            }
            guard segment.codebookSize == codebookSize else {
                let unit = modality == .text ? "pieces" : "codes"
                throw FormatError(url, "segment \(index) uses a vocabulary of \(segment.codebookSize) \(unit), but \(source) has \(codebookSize)")
            }
            return segment
        }
    }
}
