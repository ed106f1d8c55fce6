import Formats
import Foundation
import LM
import Tensor
import TextTokenizer
import Vocab

/// Writes a Llama checkpoint as a GGUF v3 file of the `llama` architecture that llama.cpp
/// loads: llama.cpp's tensor names, q/k rows permuted to its interleaved RoPE, the
/// hyperparameters, and a SentencePiece (`llama`) tokenizer whose added tokens are the extended
/// vocabulary's special tokens and image/audio codes.
public enum GGUFExport {
    /// Storage types: F32 everywhere, or F16 matrices with F32 norm scales (as llama.cpp's converter does).
    public enum Precision: String, CaseIterable, Sendable { case f32, f16 }

    /// Exports the model in `directory` to `url`. The token table comes from `tokenizer` (a
    /// SentencePiece model) or from `vocabulary` (its text model plus its added tokens).
    public static func export(model directory: URL, tokenizer: URL?, vocabulary: Vocabulary?, precision: Precision, to url: URL) throws {
        let model = try LlamaForCausalLM.load(from: directory)
        guard let textModel = tokenizer ?? vocabulary.map({ $0.resolve($0.spec.text.model) }) else {
            throw FormatError(directory, "GGUF carries the tokenizer: give a SentencePiece model or a vocab spec")
        }
        let table = try GGUFTokenTable(sentencePiece: SentencePieceTokenizer(contentsOf: textModel), vocabulary: vocabulary,
                                       size: model.config.vocabularySize)
        let tensors = ggufTensors(model).map { name, tensor in
            GGUFWriter.Entry(name: name, tensor: tensor, dtype: precision == .f16 && tensor.rank == 2 ? .float16 : .float32)
        }
        try GGUFWriter.write(metadata: metadata(model.config, name: directory.lastPathComponent, precision: precision) + table.metadata(model.config),
                             tensors: tensors, to: url)
    }

    /// The `llama.*` hyperparameters and general keys.
    static func metadata(_ config: LlamaConfig, name: String, precision: Precision) -> [(key: String, value: GGUFValue)] {
        [
            ("general.architecture", .string("llama")), ("general.name", .string(name)),
            ("general.file_type", .uint32(precision == .f16 ? 1 : 0)),
            ("llama.vocab_size", .uint32(UInt32(config.vocabularySize))),
            ("llama.context_length", .uint32(UInt32(config.maxPositions))),
            ("llama.embedding_length", .uint32(UInt32(config.hiddenSize))),
            ("llama.block_count", .uint32(UInt32(config.layers))),
            ("llama.feed_forward_length", .uint32(UInt32(config.intermediateSize))),
            ("llama.attention.head_count", .uint32(UInt32(config.heads))),
            ("llama.attention.head_count_kv", .uint32(UInt32(config.kvHeads))),
            ("llama.attention.key_length", .uint32(UInt32(config.headDimension))),
            ("llama.attention.value_length", .uint32(UInt32(config.headDimension))),
            ("llama.rope.dimension_count", .uint32(UInt32(config.headDimension))),
            ("llama.rope.freq_base", .float32(config.ropeTheta)),
            ("llama.attention.layer_norm_rms_epsilon", .float32(config.rmsNormEpsilon)),
        ]
    }

    /// Every weight under its llama.cpp name; the output head is left out when tied (llama.cpp
    /// then reuses `token_embd`).
    static func ggufTensors(_ model: LlamaForCausalLM) -> [(String, Tensor)] {
        let config = model.config
        var tensors: [(String, Tensor)] = [("token_embd.weight", model.model.embedTokens.weight)]
        for (index, layer) in model.model.layers.enumerated() {
            let attention = layer.attention, mlp = layer.mlp
            tensors += [
                ("attn_norm", layer.inputNorm.weight),
                ("attn_q", interleavedRoPERows(attention.queryProjection.weight, heads: config.heads)),
                ("attn_k", interleavedRoPERows(attention.keyProjection.weight, heads: config.kvHeads)),
                ("attn_v", attention.valueProjection.weight), ("attn_output", attention.outputProjection.weight),
                ("ffn_norm", layer.postAttentionNorm.weight), ("ffn_gate", mlp.gateProjection.weight),
                ("ffn_up", mlp.upProjection.weight), ("ffn_down", mlp.downProjection.weight),
            ].map { ("blk.\(index).\($0.0).weight", $0.1) }
        }
        tensors.append(("output_norm.weight", model.model.norm.weight))
        if let head = model.head { tensors.append(("output.weight", head.weight)) }
        return tensors
    }

    /// Reorders each head's rows from HF's rotate-half layout (pairs i, i + headDim/2) to the
    /// adjacent pairs llama.cpp rotates: [heads·headDim, hidden] rows viewed as
    /// [heads, 2, headDim/2] become [heads, headDim/2, 2].
    static func interleavedRoPERows(_ weight: Tensor, heads: Int) -> Tensor {
        let (rows, columns) = (weight.shape[0], weight.shape[1])
        return withoutGradient {
            weight.reshaped([heads, 2, rows / heads / 2, columns]).permuted([0, 2, 1, 3]).reshaped([rows, columns])
        }
    }
}
