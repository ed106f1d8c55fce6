import Formats
import LM
import TextTokenizer
import Vocab

/// The `tokenizer.ggml.*` table of a GGUF export: SentencePiece pieces with their scores and
/// types, then the extended vocabulary's added tokens, padded to the model's rows.
struct GGUFTokenTable {
    /// llama.cpp's token types.
    enum TokenType: Int32 { case normal = 1, unknown = 2, control = 3, userDefined = 4, unused = 5, byte = 6 }

    var tokens: [String] = [], scores: [Float] = [], types: [Int32] = []
    let sentencePiece: SentencePieceTokenizer

    /// The table for a model of `size` rows.
    init(sentencePiece: SentencePieceTokenizer, vocabulary: Vocabulary?, size: Int) throws {
        self.sentencePiece = sentencePiece
        let controls = Set([sentencePiece.bosID, sentencePiece.eosID, sentencePiece.paddingID].compactMap { $0 })
        for id in 0..<Swift.min(size, sentencePiece.vocabularySize) {
            let piece = sentencePiece.piece(for: id) ?? "<unused_\(id)>"
            let type: TokenType = id == sentencePiece.unknownID ? .unknown : controls.contains(id) ? .control
                : piece.hasPrefix("<0x") && piece.count == 6 ? .byte : .normal
            append(piece, score: sentencePiece.score(for: id) ?? 0, type)
        }
        for id in tokens.count..<Swift.max(size, tokens.count) {
            switch vocabulary?.token(for: id) {
            case .special(let special): append(special.rawValue, score: 0, .control)
            case .image(let code): append("<image_\(code)>", score: 0, .userDefined)
            case .audio(let level, let code): append("<audio_\(level)_\(code)>", score: 0, .userDefined)
            case .text, nil: append("<unused_\(id)>", score: 0, .unused)
            }
        }
    }

    private mutating func append(_ token: String, score: Float, _ type: TokenType) {
        tokens.append(token)
        scores.append(score)
        types.append(type.rawValue)
    }

    /// The tokenizer keys, with the special ids from `config` (falling back to SentencePiece's).
    func metadata(_ config: LlamaConfig) -> [(key: String, value: GGUFValue)] {
        var entries: [(key: String, value: GGUFValue)] = [
            ("tokenizer.ggml.model", .string("llama")), ("tokenizer.ggml.tokens", .strings(tokens)),
            ("tokenizer.ggml.scores", .float32s(scores)), ("tokenizer.ggml.token_type", .int32s(types)),
            ("tokenizer.ggml.add_bos_token", .bool(true)), ("tokenizer.ggml.add_eos_token", .bool(false)),
        ]
        let ids: [(String, Int?)] = [("bos", config.bosTokenID ?? sentencePiece.bosID), ("eos", config.eosTokenIDs.first ?? sentencePiece.eosID),
                                     ("unknown", sentencePiece.unknownID), ("padding", config.padTokenID ?? sentencePiece.paddingID)]
        for case let (name, id?) in ids where id >= 0 && id < tokens.count {
            entries.append(("tokenizer.ggml.\(name)_token_id", .uint32(UInt32(id))))
        }
        return entries
    }
}
