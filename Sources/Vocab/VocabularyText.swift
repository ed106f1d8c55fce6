import TextTokenizer

extension VocabularyLayout {
    /// The text part of a spec for the SentencePiece `tokenizer` (named `path` in the spec), and the
    /// special tokens it already has: `<s>`, `</s>` and `<pad>` serve as `<bos>`, `<eos>` and `<pad>`.
    public static func text(_ tokenizer: SentencePieceTokenizer, path: String) -> (VocabularySpec.Text, [SpecialToken: Int]) {
        var specials: [SpecialToken: Int] = [:]
        specials[.beginningOfSequence] = tokenizer.bosID
        specials[.endOfSequence] = tokenizer.eosID
        specials[.padding] = tokenizer.paddingID
        return (VocabularySpec.Text(model: path, pieces: tokenizer.vocabularySize, sha256: tokenizer.checksum.hex), specials)
    }
}
