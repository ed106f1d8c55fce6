import Formats
import Foundation

/// What `tessera tokens show` prints about a token file.
public enum TokenFileDescription {
    /// `{"segments":[{"modality":"text","shape":[N],"codes":[…]}]}` on one line, each segment with
    /// `"ids":[…]` after its codes when the file carries global ids.
    public static func json(_ file: TokenFile) -> String {
        let segments = file.segments.map { segment in
            var fields = ["\"modality\":\"\(segment.modality.rawValue)\"", "\"shape\":\(list(segment.shape))",
                          "\"codes\":\(list(segment.codes))"]
            if let ids = segment.ids { fields.append("\"ids\":\(list(ids))") }
            return "{" + fields.joined(separator: ",") + "}"
        }
        return "{\"segments\":[" + segments.joined(separator: ",") + "]}"
    }

    /// A few readable lines: the header, then one line per segment with its first codes.
    public static func summary(_ file: TokenFile, name: String, codesShown: Int = 16) -> String {
        let count = file.segments.count
        var lines = ["\(name): token file version \(TokenFile.version), \(count) segment\(count == 1 ? "" : "s")"]
        lines.append("vocabulary checksum: " + (file.vocabularyChecksum.map { "sha256 \($0.hex)" } ?? "none"))
        lines.append("global ids: " + (file.globalVocabularySize.map { "yes, vocabulary of \($0)" } ?? "no"))
        for (index, segment) in file.segments.enumerated() {
            let shown = segment.codes.prefix(codesShown).map(String.init).joined(separator: " ")
            let more = segment.codes.count > codesShown ? " … (\(segment.codes.count) in all)" : ""
            lines.append("segment \(index): \(segment.modality.rawValue), shape \(segment.shape), "
                + "codebook \(segment.codebookSize), codes: \(shown)\(more)")
        }
        return lines.joined(separator: "\n")
    }

    private static func list(_ values: [Int]) -> String {
        "[" + values.map(String.init).joined(separator: ",") + "]"
    }
}
