import Tensor

/// Fused attention, forward and backward, on the shapes Tessera's models run; tools/bench_torch.py
/// times F.scaled_dot_product_attention on the same shapes for the ratios.
public enum AttentionBenchmark {
    /// One measured shape.
    public struct Shape {
        /// The case's name in reports.
        public var name: String
        /// Query is [batch, heads, queryTime, headDim]; key and value [batch, kvHeads, keyTime, headDim].
        public var batch: Int, heads: Int, kvHeads: Int, queryTime: Int, keyTime: Int, headDim: Int
        /// Causal (bottom-right aligned when keyTime > queryTime) or full attention.
        public var causal: Bool
        /// Whether the case times forward plus backward (else forward only, without autograd).
        public var backward: Bool

        /// A shape from its sizes.
        public init(name: String, batch: Int, heads: Int, kvHeads: Int, queryTime: Int, keyTime: Int, headDim: Int,
                    causal: Bool, backward: Bool) {
            (self.name, self.batch, self.heads, self.kvHeads) = (name, batch, heads, kvHeads)
            (self.queryTime, self.keyTime, self.headDim, self.causal, self.backward) = (queryTime, keyTime, headDim, causal, backward)
        }

        /// What tools/bench_torch.py needs to rebuild the case.
        var parameters: [String: Int] {
            ["batch": batch, "heads": heads, "kv_heads": kvHeads, "query_time": queryTime, "key_time": keyTime,
             "head_dim": headDim, "causal": causal ? 1 : 0, "backward": backward ? 1 : 0]
        }

        /// Multiply-adds ×2 of the forward's two products (visible scores only), plus the
        /// backward's four when timed (its recomputed scores not counted).
        var flops: Double {
            let visibleScores = (0..<queryTime).reduce(0) { total, t in
                total + (causal ? Swift.min(keyTime, keyTime - queryTime + t + 1) : keyTime)
            }
            let perProduct = 2.0 * Double(batch * heads * visibleScores * headDim)
            return perProduct * (backward ? 6 : 2)
        }
    }

    /// The 40M Llama's training step, a long grouped-query sequence, a KV-cache decode step,
    /// and the image tokenizer's mid-block attention over 16×16 latents.
    public static let shapes: [Shape] = [
        Shape(name: "train_b8_h8_t256_d64_causal", batch: 8, heads: 8, kvHeads: 8, queryTime: 256, keyTime: 256,
              headDim: 64, causal: true, backward: true),
        Shape(name: "gqa_b1_h8_kv4_t1024_d64_causal", batch: 1, heads: 8, kvHeads: 4, queryTime: 1024, keyTime: 1024,
              headDim: 64, causal: true, backward: true),
        Shape(name: "decode_h8_kv4_k1024_d64", batch: 1, heads: 8, kvHeads: 4, queryTime: 1, keyTime: 1024,
              headDim: 64, causal: true, backward: false),
        Shape(name: "vq_mid_block_t256_d512", batch: 1, heads: 1, kvHeads: 1, queryTime: 256, keyTime: 256,
              headDim: 512, causal: false, backward: true),
    ]

    /// Times every shape (median of repeated runs, at least `minimumSeconds` each).
    public static func run(minimumSeconds: Double = 0.5) -> BenchmarkReport {
        var generator = RandomGenerator(seed: 1)
        let cases = shapes.map { shape in
            let query = Tensor.randomNormal([shape.batch, shape.heads, shape.queryTime, shape.headDim], generator: &generator)
            let key = Tensor.randomNormal([shape.batch, shape.kvHeads, shape.keyTime, shape.headDim], generator: &generator)
            let value = Tensor.randomNormal(key.shape, generator: &generator)
            let outputGradient = Tensor.randomNormal(query.shape, generator: &generator)
            for input in [query, key, value] { input.requiresGrad = shape.backward }
            let seconds = Stopwatch.median(minimumSeconds: minimumSeconds) {
                guard shape.backward else {
                    _ = withoutGradient { scaledDotProductAttention(query: query, key: key, value: value, causal: shape.causal) }
                    return
                }
                for input in [query, key, value] { input.zeroGrad() }
                scaledDotProductAttention(query: query, key: key, value: value, causal: shape.causal).backward(outputGradient)
            }
            return BenchmarkResult(name: shape.name, parameters: shape.parameters, flops: shape.flops, seconds: seconds)
        }
        return BenchmarkReport(benchmark: "attention", cases: cases, summary: ["train_gflops": cases[0].gflops])
    }
}
