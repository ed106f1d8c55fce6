import Foundation
import Vocab

/// What `tessera vocab show` prints about a vocabulary.
public enum VocabularyDescription {
    /// The spec as JSON with its SHA-256 added as "sha256".
    public static func json(_ vocabulary: Vocabulary) throws -> String {
        var object = try JSONSerialization.jsonObject(with: Vocabulary.encode(vocabulary.spec)) as! [String: Any]
        object["sha256"] = vocabulary.checksum.hex
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// A few readable lines: size and checksum, one line per id range, the special tokens.
    public static func summary(_ vocabulary: Vocabulary) -> String {
        let spec = vocabulary.spec
        var lines = ["\(vocabulary.url.path): \(spec.vocabSize) ids, sha256 \(vocabulary.checksum.hex)"]
        lines.append("text    \(range(0, spec.text.pieces))  \(spec.text.pieces) pieces of \(spec.text.model) (sha256 \(spec.text.sha256.prefix(12))…)")
        lines.append("special " + spec.specialTokens.map { "\($0.token.rawValue) \($0.id)" }.joined(separator: "  "))
        if let image = spec.image {
            lines.append("image   \(range(image.ids.first, image.ids.end))  \(image.ids.count) codes, grid \(image.grid[0])×\(image.grid[1]) "
                + "of \(image.imageSize)×\(image.imageSize) px\(image.endOfRow ? ", <eol> after each row" : ""), "
                + "\(image.tokenizer) (sha256 \(image.sha256.prefix(12))…)")
        }
        if let audio = spec.audio {
            for (level, ids) in audio.levelIDs.enumerated() {
                lines.append("audio \(level) \(range(ids.first, ids.end))  \(ids.count) codes of RVQ level \(level)")
            }
            lines.append("audio   \(audio.levelIDs.count) levels at \(audio.bandwidth) kbps, \(audio.frameRate) frames/s, "
                + "\(audio.sampleRate) Hz, \(audio.tokenizer) (sha256 \(audio.sha256.prefix(12))…)")
        }
        let image = spec.image.map { "<boi> \($0.grid[0]) rows × \($0.grid[1]) image ids\($0.endOfRow ? " + <eol> each" : "") <eoi>" }
        let audio = spec.audio.map { "<boa> frames × \($0.levelIDs.count) levels, frame-major <eoa>" }
        lines.append((["grammar <bos> … <eos>"] + [image, audio].compactMap { $0 }).joined(separator: "; "))
        return lines.joined(separator: "\n")
    }

    private static func range(_ first: Int, _ end: Int) -> String { "\(first)..<\(end)".padding(toLength: 13, withPad: " ", startingAt: 0) }
}
