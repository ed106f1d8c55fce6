import Formats
import Foundation
import NN
import Tensor

/// A Llama language model (HF `LlamaForCausalLM`): the decoder stack under `model.` and the
/// output head `lm_head`, or the embedding table reused as the head when embeddings are tied.
///
/// Parameter keys are exactly HF's, so `transformers` checkpoints load unchanged and saved
/// directories load in `transformers`.
public final class LlamaForCausalLM: Module {
    /// The geometry the model was built with.
    public let config: LlamaConfig
    /// The decoder stack.
    public let model: LlamaModel
    /// The output head; nil when it is tied to `model.embedTokens`.
    public let head: Linear?

    /// A model with weights drawn as `transformers` initialises them (normal(0, initializer_range)
    /// matrices, zero biases, unit norm scales), from `seed`.
    public convenience init(config: LlamaConfig, seed: UInt64 = 0) {
        self.init(config: config, seed: seed, drawWeights: true)
    }

    /// A model whose weights are drawn (`drawWeights`) or left as the layers create them, to be
    /// overwritten by a checkpoint.
    private init(config: LlamaConfig, seed: UInt64, drawWeights: Bool) {
        precondition(config.problem == nil, config.problem ?? "")
        var generator = RandomGenerator(seed: seed)
        self.config = config
        model = LlamaModel(config, generator: &generator)
        head = config.tieWordEmbeddings ? nil
            : Linear(config.hiddenSize, config.vocabularySize, bias: false, generator: &generator)
        super.init()
        register("model", module: model)
        if let head { register("lm_head", module: head) }
        for (key, parameter) in namedParameters() where drawWeights && !key.hasSuffix("norm.weight") {
            let drawn = parameter.rank == 2
                ? Tensor.randomNormal(parameter.shape, std: config.initializerRange, generator: &generator)
                : Tensor(zeros: parameter.shape)
            parameter.assign(drawn)
        }
    }

    /// The output-head weight [vocabulary, hidden]: `lm_head.weight` or the tied embedding table.
    public var headWeight: Tensor { head?.weight ?? model.embedTokens.weight }

    /// Logits [batch, time, vocabulary] of `ids` laid out as [batch, time]; with a `cache`, the
    /// ids follow the positions it holds and are appended to it. With `lastOnly`, only the last
    /// position's logits are computed: [batch, 1, vocabulary].
    public func callAsFunction(_ ids: [Int32], batch: Int = 1, cache: KVCache? = nil, lastOnly: Bool = false) -> Tensor {
        var hidden = model(ids, batch: batch, cache: cache)  // [batch, time, hidden]
        if lastOnly { hidden = hidden.slice(axis: 1, (hidden.shape[1] - 1)..<hidden.shape[1]) }
        return matmul(hidden, headWeight, transposeB: true)
    }

    /// Throws a one-line `LMError` unless every id lies in the vocabulary and `count` positions
    /// fit in the context.
    public func check(ids: [Int32], positions count: Int) throws {
        if let bad = ids.first(where: { $0 < 0 || Int($0) >= config.vocabularySize }) {
            throw LMError("id \(bad) is outside the vocabulary of \(config.vocabularySize) ids")
        }
        if count > config.maxPositions {
            throw LMError("\(count) positions exceed the context of \(config.maxPositions) (max_position_embeddings)")
        }
    }
}

/// Hugging Face model directories.
extension LlamaForCausalLM {
    /// Loads `config.json` and the weights (`model.safetensors` or shards; F16/BF16 converted to
    /// Float32). A weight whose shape disagrees with the config is a one-line `FormatError`.
    public static func load(from directory: URL) throws -> LlamaForCausalLM {
        let config = try LlamaConfig(contentsOf: directory.appendingPathComponent("config.json"))
        let checkpoint = try CheckpointTensors(directory: directory)
        let model = LlamaForCausalLM(config: config, seed: 0, drawWeights: false)
        try model.load(from: checkpoint)
        return model
    }

    /// Writes `config.json` and `model.safetensors` (no `lm_head.weight` when tied, as
    /// `transformers` saves), loadable by `LlamaForCausalLM.from_pretrained`.
    public func save(to directory: URL, dtype: SafetensorsDType = .float32) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try save(to: directory.appendingPathComponent(CheckpointTensors.singleFileName), prefix: "", dtype: dtype)
        try JSONFile.write(JSONValue.object(config.jsonObject), to: directory.appendingPathComponent("config.json"))
    }
}
