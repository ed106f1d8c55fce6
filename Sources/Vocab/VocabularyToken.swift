/// What a global id stands for: a text piece, a special token, an image code or an audio code of one
/// RVQ level (each in its tokenizer's own index space).
public enum VocabularyToken: Equatable, Hashable, Sendable {
    /// A SentencePiece id.
    case text(Int)
    /// A control token.
    case special(SpecialToken)
    /// An image codebook index.
    case image(Int)
    /// An audio codebook index of one RVQ level.
    case audio(level: Int, code: Int)
}
