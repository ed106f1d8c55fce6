import Tensor
import XCTest

/// Attention, rotary embedding, embedding and dropout: gradient checks, PyTorch parity, and the
/// fused attention against an unfused reference at sizes that span several blocks.
final class AttentionOpTests: XCTestCase {
    private let random = GradientCheck.random

    func testAttentionGradients() {
        let shapes: [(query: [Int], key: [Int], causal: Bool)] = [
            ([1, 2, 3, 4], [1, 1, 5, 4], true),  // grouped-query heads over a KV cache
            ([2, 1, 4, 3], [2, 1, 3, 3], false),
            ([1, 2, 1, 4], [1, 2, 6, 4], true),  // a decode step
        ]
        for (index, shape) in shapes.enumerated() {
            let seed = UInt64(10 * index)
            let inputs = [random(shape.query, seed, 1), random(shape.key, seed + 1, 1), random(shape.key, seed + 2, 1)]
            GradientCheck.assertGradients(of: "attention \(shape)", inputs: inputs, step: 1e-3) {
                scaledDotProductAttention(query: $0[0], key: $0[1], value: $0[2], causal: shape.causal)
            }
        }
    }

    /// Block boundaries, online-softmax rescaling, both work splits and the decode path, each
    /// against softmax(Q·Kᵀ·scale + mask)·V built from separately tested ops.
    func testAttentionMatchesUnfusedReferenceAcrossBlocks() {
        let cases: [(batch: Int, heads: Int, kvHeads: Int, queryTime: Int, keyTime: Int, headDim: Int, causal: Bool)] = [
            (1, 4, 2, 150, 150, 64, true),
            (2, 2, 2, 70, 300, 32, true),
            (1, 2, 1, 1, 700, 16, true),
            (1, 4, 1, 1, 2100, 16, true),  // decode rows take matrix-vector products over two key blocks
            (1, 2, 1, 2, 2100, 8, true),
            (1, 1, 1, 200, 130, 160, false),
            (1, 2, 2, 140, 140, 100, true),
            (1, 1, 1, 150, 150, 136, true),
        ]
        for (index, c) in cases.enumerated() {
            let seed = UInt64(100 + 10 * index)
            let query = random([c.batch, c.heads, c.queryTime, c.headDim], seed, 1)
            let key = random([c.batch, c.kvHeads, c.keyTime, c.headDim], seed + 1, 1)
            let value = random([c.batch, c.kvHeads, c.keyTime, c.headDim], seed + 2, 1)
            let cotangent = random([c.batch, c.heads, c.queryTime, c.headDim], seed + 3, 1)
            func run(_ attend: (Tensor, Tensor, Tensor) -> Tensor) -> [Tensor] {
                let inputs = [query, key, value].map { $0.copy() }
                for input in inputs { input.requiresGrad = true }
                let output = attend(inputs[0], inputs[1], inputs[2])
                output.backward(cotangent)
                return [output.detached()] + inputs.map { $0.grad! }
            }
            let fused = run { scaledDotProductAttention(query: $0, key: $1, value: $2, causal: c.causal) }
            let reference = run { unfusedAttention(query: $0, key: $1, value: $2, causal: c.causal) }
            for (name, (actual, expected)) in zip(["output", "dQuery", "dKey", "dValue"], zip(fused, reference)) {
                let error = zip(actual.data, expected.data).map { Swift.abs($0 - $1) / Swift.max(1, Swift.abs($1)) }.max()!
                XCTAssertLessThan(error, 1e-4, "case \(index) \(name)")
            }
        }
    }

    func testSingleThreadedBLASSectionsNestAndRestoreTheThreadCount() {
        let before = BLAS.threadCount
        BLAS.singleThreaded {
            XCTAssertEqual(BLAS.threadCount, 1)
            BLAS.singleThreaded { XCTAssertEqual(BLAS.threadCount, 1) }
            XCTAssertEqual(BLAS.threadCount, 1)
        }
        XCTAssertEqual(BLAS.threadCount, before)
        parallelFor(4) { _ in BLAS.singleThreaded { XCTAssertEqual(BLAS.threadCount, 1) } }
        XCTAssertEqual(BLAS.threadCount, before)
    }

    /// softmax(Q·Kᵀ/√d + mask)·V with the kv heads repeated for their query heads.
    private func unfusedAttention(query: Tensor, key: Tensor, value: Tensor, causal: Bool) -> Tensor {
        let (batch, heads, queryTime, headDim) = (query.shape[0], query.shape[1], query.shape[2], query.shape[3])
        let (kvHeads, keyTime) = (key.shape[1], key.shape[2])
        func repeated(_ x: Tensor) -> Tensor {
            x.reshaped([batch, kvHeads, 1, keyTime, headDim]).expanded(to: [batch, kvHeads, heads / kvHeads, keyTime, headDim])
                .reshaped([batch, heads, keyTime, headDim])
        }
        var scores = matmul(query, repeated(key), transposeB: true) * (1 / Float(headDim).squareRoot())
        if causal {
            let mask = Tensor(shape: [queryTime, keyTime], values: (0..<queryTime * keyTime).map { index in
                index % keyTime <= keyTime - queryTime + index / keyTime ? 0 : -1e9
            })
            scores = scores + mask
        }
        return matmul(scores.softmax(), repeated(value))
    }

    func testRotaryEmbeddingGradientsAndNorms() {
        let x = random([2, 2, 3, 6], 30, 1)
        GradientCheck.assertGradients(of: "rotary", inputs: [x.copy()], step: 1e-3) {
            rotaryEmbedding($0[0], positions: [4, 0, 9], theta: 10_000)
        }
        // A rotation of each pair: position 0 is the identity and norms are kept everywhere.
        let rotated = rotaryEmbedding(x, positions: [0, 5, 1000], theta: 10_000)
        XCTAssertEqual(Array(rotated.data.prefix(6)), Array(x.data.prefix(6)))
        let normBefore = x.square().sum().item, normAfter = rotated.square().sum().item
        XCTAssertEqual(normAfter, normBefore, accuracy: 1e-4 * normBefore)
    }

    func testEmbeddingGradients() {
        GradientCheck.assertGradients(of: "embedding", inputs: [random([5, 3], 40, 1)]) {
            embedding($0[0], ids: [4, 1, 1, 0, 4, 4], shape: [2, 3])
        }
    }

    func testDropoutMaskFractionAndBackward() {
        let x = Tensor(shape: [20_000], repeating: 1)
        x.requiresGrad = true
        var generator = RandomGenerator(seed: 7)
        let y = dropout(x, probability: 0.3, generator: &generator)
        let dropped = y.data.filter { $0 == 0 }.count
        XCTAssertEqual(Double(dropped) / 20_000, 0.3, accuracy: 0.015)
        XCTAssert(y.data.allSatisfy { $0 == 0 || Swift.abs($0 - 1 / 0.7) < 1e-6 })
        // The backward multiplies by the same mask.
        let upstream = random([20_000], 41, 1)
        y.backward(upstream)
        for index in 0..<x.count {
            XCTAssertEqual(x.grad!.pointer[index], upstream.pointer[index] * y.pointer[index])
        }
        // The same seed draws the same mask.
        var again = RandomGenerator(seed: 7)
        XCTAssertEqual(dropout(x.detached(), probability: 0.3, generator: &again).toArray(), y.toArray())
    }

    func testDropoutExtremes() {
        let x = random([4, 5], 42, 1)
        var generator = RandomGenerator(seed: 8)
        XCTAssert(dropout(x, probability: 0, generator: &generator) === x)
        XCTAssertEqual(dropout(x, probability: 1, generator: &generator).toArray(), [Float](repeating: 0, count: 20))
    }

    func testPyTorchParity() throws {
        try Parity.check(group: "attention", operations: [
            "attention": { c, x in
                scaledDotProductAttention(query: x[0], key: x[1], value: x[2], causal: c.bool("causal"),
                                          scale: c.has("scale") ? c.float("scale") : nil)
            },
            "rotary": { c, x in rotaryEmbedding(x[0], positions: c.ints("positions"), theta: c.float("theta")) },
            "embedding": { c, x in embedding(x[0], ids: c.integers["ids"]!.map { Int32($0) }, shape: c.ints("shape")) },
        ])
    }
}
