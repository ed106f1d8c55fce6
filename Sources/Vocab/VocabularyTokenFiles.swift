import Formats
import Foundation

/// Token files under an extended vocabulary: adding global ids, and refusing files made under another.
extension Vocabulary {
    /// `file` (read from `url`) with global ids on every segment, stamped with this vocabulary's
    /// checksum and size. A file that already carries ids must have been made under this vocabulary;
    /// a file without ids must have been made by this vocabulary's tokenizers.
    public func withGlobalIDs(_ file: TokenFile, from url: URL) throws -> TokenFile {
        try requireMadeHere(file, from: url)
        guard file.globalVocabularySize == nil else { return file }
        var result = TokenFile(segments: [], vocabularyChecksum: checksum, globalVocabularySize: size)
        for (index, segment) in file.segments.enumerated() {
            var segment = segment
            segment.ids = try globalIDs(of: segment, source: "\(url.path): segment \(index)")
            result.segments.append(segment)
        }
        return result
    }

    /// Throws a one-line `FormatError` naming `url` when `file` was made under another vocabulary
    /// (its recorded checksum differs) or by a tokenizer this vocabulary does not list.
    public func requireMadeHere(_ file: TokenFile, from url: URL) throws {
        guard let recorded = file.vocabularyChecksum else { return }
        if file.globalVocabularySize != nil {
            guard recorded == checksum else {
                throw FormatError(url, "was made under another vocabulary (sha256 \(recorded.hex.prefix(12))…), "
                    + "but \(self.url.path) has sha256 \(checksum.hex.prefix(12))…")
            }
            return
        }
        for modality in Set(file.segments.map(\.modality)) {
            let expected = tokenizerChecksum(for: modality)
            guard expected == recorded.hex else {
                throw FormatError(url, "was made with a \(modality.rawValue) tokenizer (sha256 \(recorded.hex.prefix(12))…) "
                    + "that \(self.url.path) does not list" + (expected.map { " (it lists \($0.prefix(12))…)" } ?? ""))
            }
        }
    }

    /// The SHA-256 (hex) of the tokenizer the spec lists for `modality`, or nil when it has none.
    public func tokenizerChecksum(for modality: TokenModality) -> String? {
        switch modality {
        case .text: return spec.text.sha256
        case .image: return spec.image?.sha256
        case .audio: return spec.audio?.sha256
        }
    }
}
