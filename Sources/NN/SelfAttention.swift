import Tensor

/// Multi-head self-attention with grouped-query heads and optional rotary position embedding,
/// with the Llama projection keys `q_proj`, `k_proj`, `v_proj`, `o_proj`.
public final class SelfAttention: Module {
    public let heads: Int, kvHeads: Int, headDimension: Int
    /// RoPE base; nil for no rotary embedding.
    public let ropeTheta: Float?
    public let queryProjection: Linear, keyProjection: Linear, valueProjection: Linear, outputProjection: Linear

    public init(dimension: Int, heads: Int, kvHeads: Int, headDimension: Int? = nil, ropeTheta: Float? = 10000,
                bias: Bool = false, generator: inout RandomGenerator) {
        precondition(heads % kvHeads == 0, "\(heads) heads do not share \(kvHeads) key/value heads evenly")
        let headDimension = headDimension ?? dimension / heads
        (self.heads, self.kvHeads, self.headDimension, self.ropeTheta) = (heads, kvHeads, headDimension, ropeTheta)
        queryProjection = Linear(dimension, heads * headDimension, bias: bias, generator: &generator)
        keyProjection = Linear(dimension, kvHeads * headDimension, bias: bias, generator: &generator)
        valueProjection = Linear(dimension, kvHeads * headDimension, bias: bias, generator: &generator)
        outputProjection = Linear(heads * headDimension, dimension, bias: bias, generator: &generator)
        super.init()
        register("q_proj", module: queryProjection)
        register("k_proj", module: keyProjection)
        register("v_proj", module: valueProjection)
        register("o_proj", module: outputProjection)
    }

    /// [batch, time, dimension] → [batch, time, dimension]; `positions` are the tokens' positions.
    /// With a `cache`, the new keys and values are appended to it and the queries attend to all
    /// of its positions (the new tokens follow the cached ones).
    public func callAsFunction(_ x: Tensor, positions: [Int], causal: Bool = true, cache: KeyValueStore? = nil) -> Tensor {
        let (batch, time) = (x.shape[0], x.shape[1])
        func split(_ projected: Tensor, _ headCount: Int) -> Tensor {
            let heads = projected.reshaped([batch, time, headCount, headDimension]).transposed(1, 2)  // [batch, heads, time, headDim]
            return ropeTheta.map { rotaryEmbedding(heads, positions: positions, theta: $0) } ?? heads
        }
        let query = split(queryProjection(x), heads)
        let newKey = split(keyProjection(x), kvHeads)
        let newValue = valueProjection(x).reshaped([batch, time, kvHeads, headDimension]).transposed(1, 2)
        let (key, value) = cache?.append(key: newKey, value: newValue) ?? (newKey, newValue)  // [batch, kvHeads, keyTime, headDim]
        let attended = scaledDotProductAttention(query: query, key: key, value: value, causal: causal)  // [batch, heads, time, headDim]
        return outputProjection(attended.transposed(1, 2).reshaped([batch, time, heads * headDimension]))
    }
}
