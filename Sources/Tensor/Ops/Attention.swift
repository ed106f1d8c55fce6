import Foundation

// scaled_dot_product_attention — backward: recomputes the score blocks from the saved per-row
// log-sum-exp and returns dQ = dS·K·scale, dK = dSᵀ·Q·scale (summed over the query heads that
// share a kv head), dV = Pᵀ·dO, where P = softmax(scores) and dS = P∘(dO·Vᵀ − rowsum(dO∘O)).
/// softmax(scale·Q·Kᵀ)·V, fused in the flash-attention manner: blocks of queries meet blocks of
/// keys under an online softmax, so no [queryTime, keyTime] buffer is ever built.
///
/// `query` is [batch, heads, queryTime, headDim]; `key` and `value` are
/// [batch, kvHeads, keyTime, headDim] with `heads` a multiple of `kvHeads` (grouped-query
/// attention: query head h reads kv head h / (heads / kvHeads)). `scale` defaults to
/// 1/√headDim. When `causal`, query row t sits at position keyTime − queryTime + t (the earlier
/// keys come from a KV cache) and attends to the keys at or before it.
public func scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor, causal: Bool, scale: Float? = nil) -> Tensor {
    let layout = AttentionLayout(query: query, key: key, value: value, causal: causal, scale: scale)
    let output = Tensor(uninitialized: query.shape)
    let logSumExp = Tensor(uninitialized: [layout.batch, layout.heads, layout.queryTime])
    layout.forward(query: query.pointer, key: key.pointer, value: value.pointer,
                   output: output.pointer, logSumExp: logSumExp.pointer)
    let savedOutput = output.detached()
    return Tensor.record("scaled_dot_product_attention", output, [query, key, value]) { dOutput in
        let gradients = [query, key, value].map { Tensor(uninitialized: $0.shape) }
        layout.backward(query: query.pointer, key: key.pointer, value: value.pointer, output: savedOutput.pointer,
                        logSumExp: logSumExp.pointer, outputGradient: dOutput.pointer,
                        queryGradient: gradients[0].pointer, keyGradient: gradients[1].pointer,
                        valueGradient: gradients[2].pointer)
        return zip([query, key, value], gradients).map { input, gradient in input.requiresGrad ? gradient : nil }
    }
}

/// The shapes, block sizes and work split of one attention call, and the offsets of rows in
/// its tensors. The kernels live in AttentionForward.swift and AttentionBackward.swift.
struct AttentionLayout {
    let batch: Int, heads: Int, kvHeads: Int, queryTime: Int, keyTime: Int, headDim: Int
    let causal: Bool
    let scale: Float
    /// Query rows and key columns of one score block in the forward and in the backward pass.
    /// Measured on Zen 5 with OpenBLAS's SkylakeX kernels: wide key blocks suit the forward's
    /// online softmax, tall query blocks the backward's dK/dV products; large head dimensions
    /// want larger blocks (each GEMM then has more to do per call).
    let forwardBlock: (rows: Int, columns: Int), backwardBlock: (rows: Int, columns: Int)

    init(query: Tensor, key: Tensor, value: Tensor, causal: Bool, scale: Float?) {
        precondition(query.rank == 4 && key.rank == 4, "attention: query and key must be [batch, heads, time, headDim]")
        precondition(key.shape == value.shape, "attention: key \(key.shape) and value \(value.shape) differ")
        (batch, heads, queryTime, headDim) = (query.shape[0], query.shape[1], query.shape[2], query.shape[3])
        (kvHeads, keyTime) = (key.shape[1], key.shape[2])
        precondition(key.shape[0] == batch && key.shape[3] == headDim, "attention: query \(query.shape) and key \(key.shape) do not fit")
        precondition(kvHeads > 0 && heads % kvHeads == 0, "attention: \(heads) query heads for \(kvHeads) kv heads")
        precondition(keyTime > 0, "attention over no keys")
        precondition(!causal || keyTime >= queryTime, "causal attention with fewer keys (\(keyTime)) than queries (\(queryTime))")
        self.causal = causal
        self.scale = scale ?? 1 / Float(headDim).squareRoot()
        let small = headDim <= 128
        forwardBlock = small ? (rows: 64, columns: 128) : (rows: 128, columns: 128)
        backwardBlock = small ? (rows: 128, columns: 64) : (rows: 256, columns: 128)
    }

    var groupSize: Int { heads / kvHeads }

    /// How many keys query row `t` attends to: keys 0..<visibleKeys(t).
    @inline(__always)
    func visibleKeys(_ t: Int) -> Int { causal ? Swift.min(keyTime, keyTime - queryTime + t + 1) : keyTime }

    /// Offset of row `t` of query head `head` of batch item `b` in query, output and their gradients.
    @inline(__always)
    func queryRow(_ b: Int, _ head: Int, _ t: Int) -> Int { ((b * heads + head) * queryTime + t) * headDim }

    /// Offset of row `s` of kv head `kvHead` of batch item `b` in key, value and their gradients.
    @inline(__always)
    func keyRow(_ b: Int, _ kvHead: Int, _ s: Int) -> Int { ((b * kvHeads + kvHead) * keyTime + s) * headDim }

    /// Runs `body` over `0..<count` work items spread over our threads, with OpenBLAS held to
    /// one thread meanwhile: every block GEMM is small, and OpenBLAS threading them from
    /// inside our threads would only add contention.
    func forEachItem(_ count: Int, _ body: (Range<Int>) -> Void) {
        BLAS.singleThreaded { parallelFor(count, body) }
    }

    /// How many of the `columns` keys from `firstKey` on query row `t` attends to (a prefix).
    @inline(__always)
    func visibleColumns(_ columns: Int, firstKey: Int, t: Int) -> Int {
        Swift.min(columns, Swift.max(0, visibleKeys(t) - firstKey))
    }

    /// destination[columns, rows] = source[rows, columns]ᵀ. Products against a transposed copy
    /// (A·B rather than A·Bᵀ) run through OpenBLAS's unpacked small-matrix kernels, which beat
    /// packing B on every call.
    @inline(__always)
    func transpose(_ source: UnsafePointer<Float>, rows: Int, columns: Int, into destination: UnsafeMutablePointer<Float>) {
        for row in 0..<rows {
            for column in 0..<columns { destination[column * rows + row] = source[row * columns + column] }
        }
    }

    /// Turns one row of a score block (query row `t`, keys from `firstKey` on) into
    /// e^(score − shift) over the visible keys and 0 past them; returns their sum.
    @inline(__always)
    @discardableResult
    func exponentiateRow(_ row: UnsafeMutablePointer<Float>, columns: Int, firstKey: Int, t: Int, shift: Float) -> Float {
        let visible = visibleColumns(columns, firstKey: firstKey, t: t)
        (row + visible).update(repeating: 0, count: columns - visible)
        return VectorMath.exponentials(row, visible, shift: shift, into: row)
    }
}
