/// The JSON form of an extended vocabulary (`vocab/NAME.json`): the text model whose ids come first,
/// the special tokens, one contiguous id range per codebook, the tokenizers' checksums, and the
/// geometry the segment grammar needs. docs/vocab-and-datasets.md describes every field.
public struct VocabularySpec: Codable, Equatable, Sendable {
    /// Always "tessera-vocab".
    public static let formatName = "tessera-vocab"
    /// The layout version this code reads and writes.
    public static let currentVersion = 1

    /// The SentencePiece model: its ids `0 ..< pieces` keep their meaning (the base model's rows).
    public struct Text: Codable, Equatable, Sendable {
        /// The `.model` file, relative to the spec's directory (or absolute).
        public var model: String
        /// The number of pieces.
        public var pieces: Int
        /// SHA-256 of the `.model` file, 64 hex digits.
        public var sha256: String

        /// The text model at `model` with `pieces` pieces and checksum `sha256`.
        public init(model: String, pieces: Int, sha256: String) {
            (self.model, self.pieces, self.sha256) = (model, pieces, sha256)
        }
    }

    /// A special token and its global id.
    public struct SpecialEntry: Codable, Equatable, Sendable {
        /// The token.
        public var token: SpecialToken
        /// Its global id (inside the text range when the text model already has it, e.g. `<s>`).
        public var id: Int
    }

    /// The image tokenizer: its codebook's ids and the grid every image segment fills.
    public struct Image: Codable, Equatable, Sendable {
        /// The tokenizer directory, relative to the spec's directory (or absolute).
        public var tokenizer: String
        /// SHA-256 of its `model.safetensors`.
        public var sha256: String
        /// The codebook's global ids (`count` = codebook size).
        public var ids: IDRange
        /// Codes per image: `[rows, columns]`.
        public var grid: [Int]
        /// The side in pixels images are cropped and resized to before encoding.
        public var imageSize: Int
        /// Whether an `<eol>` follows each row of codes.
        public var endOfRow: Bool

        enum CodingKeys: String, CodingKey {
            case tokenizer, sha256, ids, grid
            case imageSize = "image_size"
            case endOfRow = "end_of_row"
        }
    }

    /// The audio codec: one id range per RVQ level, and the frame rate.
    public struct Audio: Codable, Equatable, Sendable {
        /// The tokenizer directory, relative to the spec's directory (or absolute).
        public var tokenizer: String
        /// SHA-256 of its `model.safetensors`.
        public var sha256: String
        /// One range per RVQ level, in level order (`count` = codebook size).
        public var levelIDs: [IDRange]
        /// The bandwidth in kbps the audio is coded at (it sets the number of levels).
        public var bandwidth: Double
        /// Code frames per second.
        public var frameRate: Int
        /// The sampling rate audio is resampled to before encoding.
        public var sampleRate: Int

        enum CodingKeys: String, CodingKey {
            case tokenizer, sha256, bandwidth
            case levelIDs = "level_ids"
            case frameRate = "frame_rate"
            case sampleRate = "sample_rate"
        }
    }

    /// "tessera-vocab".
    public var format = Self.formatName
    /// The layout version.
    public var version = Self.currentVersion
    /// The number of global ids; every id is below it.
    public var vocabSize: Int
    /// The text model.
    public var text: Text
    /// The special tokens, by id.
    public var specialTokens: [SpecialEntry]
    /// The image tokenizer, when the vocabulary has images.
    public var image: Image?
    /// The audio codec, when the vocabulary has audio.
    public var audio: Audio?

    enum CodingKeys: String, CodingKey {
        case format, version, text, image, audio
        case vocabSize = "vocab_size"
        case specialTokens = "special_tokens"
    }
}
