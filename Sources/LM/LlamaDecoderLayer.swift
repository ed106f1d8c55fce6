import NN
import Tensor

/// One pre-norm Llama block: `h = x + attn(norm₁(x))`, `out = h + mlp(norm₂(h))`.
public final class LlamaDecoderLayer: Module {
    /// The block's parts under their HF keys: `input_layernorm`, `self_attn`, `post_attention_layernorm`, `mlp`.
    public let inputNorm: RMSNorm, attention: SelfAttention, postAttentionNorm: RMSNorm, mlp: LlamaMLP

    /// A block of `config`'s geometry with weights drawn from `generator`.
    public init(_ config: LlamaConfig, generator: inout RandomGenerator) {
        inputNorm = RMSNorm(config.hiddenSize, epsilon: config.rmsNormEpsilon)
        attention = SelfAttention(dimension: config.hiddenSize, heads: config.heads, kvHeads: config.kvHeads,
                                  headDimension: config.headDimension, ropeTheta: config.ropeTheta,
                                  bias: config.attentionBias, generator: &generator)
        postAttentionNorm = RMSNorm(config.hiddenSize, epsilon: config.rmsNormEpsilon)
        mlp = LlamaMLP(config, generator: &generator)
        super.init()
        register("input_layernorm", module: inputNorm)
        register("self_attn", module: attention)
        register("post_attention_layernorm", module: postAttentionNorm)
        register("mlp", module: mlp)
    }

    /// [batch, time, hidden] → [batch, time, hidden]; the tokens sit at `positions`, after the
    /// ones `cache` holds.
    public func callAsFunction(_ x: Tensor, positions: [Int], cache: KeyValueStore?) -> Tensor {
        let attended = x + attention(inputNorm(x), positions: positions, cache: cache)
        return attended + mlp(postAttentionNorm(attended))
    }
}
