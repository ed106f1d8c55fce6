/// What a token segment's codes stand for.
public enum TokenModality: String, CaseIterable, Sendable {
    /// SentencePiece ids; shape `[count]`.
    case text
    /// Image codebook indices, row-major; shape `[height, width]`.
    case image
    /// Audio codebook indices, level-major; shape `[levels, frames]`.
    case audio

    /// The number of dimensions in a segment's shape.
    public var rank: Int { self == .text ? 1 : 2 }

    /// The byte that stands for this modality in a token file.
    var storedValue: UInt8 {
        switch self {
        case .text: return 1
        case .image: return 2
        case .audio: return 3
        }
    }

    /// The modality stored as `value`, or nil for an unknown byte.
    init?(storedValue value: UInt8) {
        guard let modality = Self.allCases.first(where: { $0.storedValue == value }) else { return nil }
        self = modality
    }
}

/// One run of tokens from one tokenizer: its codes in the tokenizer's own index space, the shape they
/// fill, and optionally the same tokens as ids in a shared (extended-vocabulary) id space.
public struct TokenSegment: Equatable, Sendable {
    /// What the codes stand for.
    public var modality: TokenModality
    /// `[count]` for text, `[height, width]` for images, `[levels, frames]` for audio.
    public var shape: [Int]
    /// The tokenizer's number of codes; every code is below it.
    public var codebookSize: Int
    /// The tokenizer's own indices, flattened (row-major for images, level-major for audio).
    public var codes: [Int]
    /// The same tokens as global ids, one per code, when the file carries them.
    public var ids: [Int]?

    /// A segment holding `codes` of `modality` in `shape`.
    public init(modality: TokenModality, shape: [Int], codebookSize: Int, codes: [Int], ids: [Int]? = nil) {
        self.modality = modality
        self.shape = shape
        self.codebookSize = codebookSize
        self.codes = codes
        self.ids = ids
    }

    /// A text segment of SentencePiece ids from a vocabulary of `vocabularySize` pieces.
    public init(text codes: [Int], vocabularySize: Int, ids: [Int]? = nil) {
        self.init(modality: .text, shape: [codes.count], codebookSize: vocabularySize, codes: codes, ids: ids)
    }
}
