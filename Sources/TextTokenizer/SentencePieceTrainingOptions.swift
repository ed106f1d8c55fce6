/// How to train a SentencePiece model. Stored as JSON with SentencePiece's own option names.
public struct SentencePieceTrainingOptions: Codable, Equatable, Sendable {
    /// The segmentation algorithm.
    public enum ModelType: String, Codable, CaseIterable, Sendable {
        /// The unigram language model (SentencePiece's default).
        case unigram
        /// Byte-pair encoding.
        case bpe
    }

    /// SentencePiece's built-in text normalizations, applied before segmentation.
    public enum NormalizationRule: String, Codable, CaseIterable, Sendable {
        /// NFKC plus whitespace and control-character cleanup (SentencePiece's default).
        case nmtNFKC = "nmt_nfkc"
        /// Unicode NFKC.
        case nfkc
        /// `nmtNFKC` with case folding.
        case nmtNFKCCaseFold = "nmt_nfkc_cf"
        /// NFKC with case folding.
        case nfkcCaseFold = "nfkc_cf"
        /// No normalization (as in Llama's tokenizer).
        case identity
    }

    /// The segmentation algorithm.
    public var modelType: ModelType = .unigram
    /// The number of pieces, special pieces included.
    public var vocabularySize = 8000
    /// Whether characters outside the vocabulary become UTF-8 byte pieces instead of the unknown id.
    public var byteFallback = false
    /// Pieces always kept whole and never split (for example markup tags).
    public var userDefinedSymbols: [String] = []
    /// The normalization applied to text before training and encoding.
    public var normalizationRule: NormalizationRule = .nmtNFKC
    /// The share of characters (by frequency) the vocabulary must cover; rarer ones are unknown or bytes.
    public var characterCoverage = 0.9995
    /// How many sentences to sample from the data (SentencePiece samples with a fixed seed); 0 uses all.
    public var inputSentenceSize = 0
    /// Sentences longer than this many bytes are skipped.
    public var maximumSentenceLength = 4192
    /// Training threads. Unigram results depend on this number (SentencePiece sums per-thread
    /// statistics), so it is part of the recipe; 16 is SentencePiece's default.
    public var threads = 16

    /// Options with SentencePiece's defaults, changed where given.
    public init(modelType: ModelType = .unigram, vocabularySize: Int = 8000, byteFallback: Bool = false,
                userDefinedSymbols: [String] = [], normalizationRule: NormalizationRule = .nmtNFKC,
                characterCoverage: Double = 0.9995, inputSentenceSize: Int = 0, maximumSentenceLength: Int = 4192,
                threads: Int = 16) {
        self.modelType = modelType
        self.vocabularySize = vocabularySize
        self.byteFallback = byteFallback
        self.userDefinedSymbols = userDefinedSymbols
        self.normalizationRule = normalizationRule
        self.characterCoverage = characterCoverage
        self.inputSentenceSize = inputSentenceSize
        self.maximumSentenceLength = maximumSentenceLength
        self.threads = threads
    }

    enum CodingKeys: String, CodingKey {
        case modelType = "model_type"
        case vocabularySize = "vocab_size"
        case byteFallback = "byte_fallback"
        case userDefinedSymbols = "user_defined_symbols"
        case normalizationRule = "normalization_rule_name"
        case characterCoverage = "character_coverage"
        case inputSentenceSize = "input_sentence_size"
        case maximumSentenceLength = "max_sentence_length"
        case threads = "num_threads"
    }

    /// What is wrong with the options, or nil when SentencePiece can be given them.
    public var problem: String? {
        if vocabularySize < 1 { return "vocabulary size \(vocabularySize) must be positive" }
        if !(0...1).contains(characterCoverage) || characterCoverage == 0 {
            return "character coverage \(characterCoverage) must be in (0, 1]"
        }
        if inputSentenceSize < 0 { return "input sentence size \(inputSentenceSize) must not be negative" }
        if maximumSentenceLength < 1 { return "maximum sentence length \(maximumSentenceLength) must be positive" }
        if !(1...1024).contains(threads) { return "thread count \(threads) must be in 1...1024" }
        if let symbol = userDefinedSymbols.first(where: { $0.isEmpty || $0.contains(",") || $0.contains("\0") }) {
            return "user-defined symbol \"\(symbol)\" must be non-empty and hold no comma or NUL"
        }
        return nil
    }

    /// The options as SentencePiece trainer flags (names without dashes, and values).
    var trainerFlags: [(name: String, value: String)] {
        var flags: [(String, String)] = [
            ("model_type", modelType.rawValue),
            ("vocab_size", String(vocabularySize)),
            ("byte_fallback", String(byteFallback)),
            ("normalization_rule_name", normalizationRule.rawValue),
            ("character_coverage", String(characterCoverage)),
            ("input_sentence_size", String(inputSentenceSize)),
            ("max_sentence_length", String(maximumSentenceLength)),
            ("num_threads", String(threads)),
        ]
        if !userDefinedSymbols.isEmpty { flags.append(("user_defined_symbols", userDefinedSymbols.joined(separator: ","))) }
        return flags
    }
}
