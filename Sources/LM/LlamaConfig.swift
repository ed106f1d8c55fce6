import Foundation
import Formats

/// The geometry of a Llama model (Hugging Face's `LlamaConfig`, `model_type` "llama").
public struct LlamaConfig: Equatable, Sendable {
    /// Rows of the embedding table and of the output head.
    public var vocabularySize = 32000
    /// Width of the residual stream.
    public var hiddenSize = 4096
    /// Width of the SwiGLU MLP's hidden layer.
    public var intermediateSize = 11008
    /// Decoder layers.
    public var layers = 32
    /// Query heads.
    public var heads = 32
    /// Key/value heads (grouped-query attention when fewer than `heads`).
    public var kvHeads = 32
    /// Width of one head (`head_dim`, by default `hiddenSize / heads`).
    public var headDimension = 128
    /// The longest sequence the model accepts (the context).
    public var maxPositions = 2048
    /// RoPE base θ.
    public var ropeTheta: Float = 10000
    /// ε of every RMSNorm.
    public var rmsNormEpsilon: Float = 1e-6
    /// Whether `lm_head` reuses `embed_tokens`' weight.
    public var tieWordEmbeddings = false
    /// Whether the attention projections have biases.
    public var attentionBias = false
    /// Whether the MLP projections have biases.
    public var mlpBias = false
    /// Standard deviation of the initial weights of a model built from scratch.
    public var initializerRange: Float = 0.02
    /// The id that starts a sequence, if any.
    public var bosTokenID: Int? = 1
    /// The ids that end a sequence.
    public var eosTokenIDs: [Int] = [2]
    /// The padding id, if any.
    public var padTokenID: Int?

    /// The defaults of `transformers`' `LlamaConfig`.
    public init() {}

    /// Reads the settings from a parsed `config.json`, using HF's defaults for absent keys;
    /// throws a one-line `FormatError` for settings this implementation does not support.
    public init(_ config: HFConfig) throws {
        let defaults = LlamaConfig()
        vocabularySize = try config.int("vocab_size", default: defaults.vocabularySize)
        hiddenSize = try config.int("hidden_size", default: defaults.hiddenSize)
        intermediateSize = try config.int("intermediate_size", default: defaults.intermediateSize)
        layers = try config.int("num_hidden_layers", default: defaults.layers)
        heads = try config.int("num_attention_heads", default: defaults.heads)
        kvHeads = try config.int("num_key_value_heads", default: heads)
        headDimension = try config.int("head_dim", default: heads > 0 ? hiddenSize / heads : 0)
        maxPositions = try config.int("max_position_embeddings", default: defaults.maxPositions)
        rmsNormEpsilon = try config.float("rms_norm_eps", default: defaults.rmsNormEpsilon)
        tieWordEmbeddings = try config.bool("tie_word_embeddings", default: defaults.tieWordEmbeddings)
        attentionBias = try config.bool("attention_bias", default: defaults.attentionBias)
        mlpBias = try config.bool("mlp_bias", default: defaults.mlpBias)
        initializerRange = try config.float("initializer_range", default: defaults.initializerRange)
        bosTokenID = config.contains("bos_token_id") ? try config.int("bos_token_id") : nil
        eosTokenIDs = try Self.tokenIDs(config, "eos_token_id")
        padTokenID = config.contains("pad_token_id") ? try config.int("pad_token_id") : nil
        ropeTheta = try Self.ropeTheta(config)
        let activation = try config.string("hidden_act", default: "silu")
        guard activation == "silu" else { throw FormatError(path: config.path, problem: "hidden_act '\(activation)' is not supported (only silu)") }
        if let problem { throw FormatError(path: config.path, problem: problem) }
    }

    /// Reads `config.json` at `url`.
    public init(contentsOf url: URL) throws {
        try self.init(HFConfig(contentsOf: url))
    }

    /// θ from `rope_parameters` (transformers 5) or the top-level `rope_theta`; scaled RoPE
    /// variants are refused.
    private static func ropeTheta(_ config: HFConfig) throws -> Float {
        let defaults = LlamaConfig()
        if config.contains("rope_parameters") {
            let parameters = try config.object("rope_parameters")
            let kind = try parameters.string("rope_type", default: "default")
            guard kind == "default" else { throw FormatError(path: config.path, problem: "rope_type '\(kind)' is not supported (only default)") }
            return try parameters.float("rope_theta", default: config.float("rope_theta", default: defaults.ropeTheta))
        }
        if config.contains("rope_scaling") {
            let kind = try config.object("rope_scaling").string("rope_type", default: "default")
            guard kind == "default" else { throw FormatError(path: config.path, problem: "rope_scaling '\(kind)' is not supported") }
        }
        return try config.float("rope_theta", default: defaults.ropeTheta)
    }

    /// An id or a list of ids (HF allows both for `eos_token_id`); none when absent.
    private static func tokenIDs(_ config: HFConfig, _ key: String) throws -> [Int] {
        guard config.contains(key) else { return [] }
        if config.values[key]?.arrayValue != nil { return try config.ints(key) }
        return [try config.int(key)]
    }

    /// What makes this geometry unbuildable, or nil.
    public var problem: String? {
        if [vocabularySize, hiddenSize, intermediateSize, layers, heads, kvHeads, headDimension, maxPositions].contains(where: { $0 <= 0 }) {
            return "sizes, layer and head counts must be positive"
        }
        if heads % kvHeads != 0 { return "num_attention_heads \(heads) is not a multiple of num_key_value_heads \(kvHeads)" }
        if headDimension % 2 != 0 { return "head_dim \(headDimension) is odd (RoPE rotates pairs)" }
        return nil
    }

    /// The `config.json` of this geometry, loadable by `transformers`' `LlamaConfig` (old and new
    /// RoPE keys both written).
    public var jsonObject: [String: JSONValue] {
        func integer(_ value: Int) -> JSONValue { .integer(Int64(value)) }
        // Through the shortest decimal text, so 1e-6 is written as 1e-06, not 9.99999997e-07.
        func number(_ value: Float) -> JSONValue { .number(Double("\(value)") ?? Double(value)) }
        let eos: JSONValue = eosTokenIDs.count == 1 ? integer(eosTokenIDs[0]) : .array(eosTokenIDs.map(integer))
        return [
            "architectures": .array([.string("LlamaForCausalLM")]), "model_type": .string("llama"),
            "vocab_size": integer(vocabularySize), "hidden_size": integer(hiddenSize),
            "intermediate_size": integer(intermediateSize), "num_hidden_layers": integer(layers),
            "num_attention_heads": integer(heads), "num_key_value_heads": integer(kvHeads), "head_dim": integer(headDimension),
            "max_position_embeddings": integer(maxPositions), "rms_norm_eps": number(rmsNormEpsilon),
            "rope_theta": number(ropeTheta),
            "rope_parameters": .object(["rope_theta": number(ropeTheta), "rope_type": .string("default")]),
            "tie_word_embeddings": .bool(tieWordEmbeddings), "attention_bias": .bool(attentionBias), "mlp_bias": .bool(mlpBias),
            "hidden_act": .string("silu"), "initializer_range": number(initializerRange),
            "bos_token_id": bosTokenID.map(integer) ?? .null, "eos_token_id": eosTokenIDs.isEmpty ? .null : eos,
            "pad_token_id": padTokenID.map(integer) ?? .null, "attention_dropout": .number(0), "dtype": .string("float32"),
        ]
    }
}
