import Formats
import Foundation

/// An extended vocabulary read from its spec: the one place where global ids and the tokenizers'
/// own indices are converted into each other.
public struct Vocabulary: Sendable {
    /// The spec.
    public let spec: VocabularySpec
    /// The SHA-256 of the spec file's bytes, recorded in token files and shards made with it.
    public let checksum: SHA256Digest
    /// The spec file (or the name given), named in errors; relative tokenizer paths start at its directory.
    public let url: URL
    private let specialIDs: [SpecialToken: Int]
    private let specialTokens: [Int: SpecialToken]

    /// Reads and checks the spec at `url`; throws `FormatError` naming it when it is not a valid one.
    public init(contentsOf url: URL) throws {
        try self.init(data: FileContents.read(url, maximumSize: 1 << 24), url: url)
    }

    /// Parses the spec bytes `data`; errors name `url`.
    public init(data: Data, url: URL) throws {
        let spec: VocabularySpec
        do {
            spec = try JSONDecoder().decode(VocabularySpec.self, from: data)
        } catch let error as DecodingError {
            throw FormatError(url, "not a vocab spec: \(Self.describe(error))")
        }
        if let problem = spec.validationProblem() { throw FormatError(url, problem) }
        self.spec = spec
        self.url = url
        checksum = SHA256.hash(data)
        specialIDs = Dictionary(uniqueKeysWithValues: spec.specialTokens.map { ($0.token, $0.id) })
        specialTokens = Dictionary(spec.specialTokens.map { ($0.id, $0.token) }, uniquingKeysWith: { first, _ in first })
    }

    /// The spec as pretty JSON with sorted keys (the bytes `vocab build` writes).
    public static func encode(_ spec: VocabularySpec) throws -> Data {
        try JSONFile.data(spec) + Data("\n".utf8)
    }

    /// The number of global ids.
    public var size: Int { spec.vocabSize }

    /// The global id of `token`, or nil when the vocabulary has no such token (an index outside its
    /// codebook, a level it does not have, a special token it does not use).
    public func id(for token: VocabularyToken) -> Int? {
        switch token {
        case .text(let piece):
            return (0..<spec.text.pieces).contains(piece) ? piece : nil
        case .special(let special):
            return specialIDs[special]
        case .image(let code):
            guard let range = spec.image?.ids, (0..<range.count).contains(code) else { return nil }
            return range.first + code
        case .audio(let level, let code):
            guard let levels = spec.audio?.levelIDs, levels.indices.contains(level), (0..<levels[level].count).contains(code) else {
                return nil
            }
            return levels[level].first + code
        }
    }

    /// The global id of a special token the spec must have (its validation guarantees the grammar's
    /// tokens for every modality it lists).
    public func id(_ special: SpecialToken) -> Int {
        guard let id = specialIDs[special] else { preconditionFailure("vocabulary has no \(special.rawValue)") }
        return id
    }

    /// What global `id` stands for, or nil when it is outside the vocabulary. A special token that
    /// reuses a text id (`<bos>` = SentencePiece's `<s>`) is reported as the special token.
    public func token(for id: Int) -> VocabularyToken? {
        if let special = specialTokens[id] { return .special(special) }
        if (0..<spec.text.pieces).contains(id) { return .text(id) }
        if let range = spec.image?.ids, range.contains(id) { return .image(id - range.first) }
        if let levels = spec.audio?.levelIDs, let level = levels.firstIndex(where: { $0.contains(id) }) {
            return .audio(level: level, code: id - levels[level].first)
        }
        return nil
    }

    /// A tokenizer path from the spec, resolved against the spec file's directory when relative.
    public func resolve(_ path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : url.deletingLastPathComponent().appendingPathComponent(path).standardizedFileURL
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return (path.isEmpty ? "" : "key '\(path)': ") + context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }
}
