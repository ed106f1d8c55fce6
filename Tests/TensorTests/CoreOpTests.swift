import Tensor
import XCTest

/// Elementwise, unary, reduction, matmul and shape ops: gradient checks and PyTorch parity.
final class CoreOpTests: XCTestCase {
    private let random = GradientCheck.random

    func testBinaryGradients() {
        let a = random([3, 4], 1, 1), b = random([4], 2, 1), c = random([3, 1], 3, 1)
        GradientCheck.assertGradients(of: "add", inputs: [a, b]) { $0[0] + $0[1] }
        GradientCheck.assertGradients(of: "subtract", inputs: [c, a]) { $0[0] - $0[1] }
        GradientCheck.assertGradients(of: "multiply", inputs: [a, c]) { $0[0] * $0[1] }
        let positive = (random([4], 4, 1).abs() + 1).detached()
        GradientCheck.assertGradients(of: "divide", inputs: [a, positive]) { $0[0] / $0[1] }
    }

    func testUnaryGradients() {
        let x = random([2, 5], 5, 1)
        let positive = (random([2, 5], 6, 1).abs() + 0.5).detached()
        let functions: [(String, Tensor, (Tensor) -> Tensor)] = [
            ("exp", x, { $0.exp() }), ("log", positive, { $0.log() }), ("sqrt", positive, { $0.sqrt() }),
            ("square", x, { $0.square() }), ("tanh", x, { $0.tanh() }), ("sigmoid", x, { $0.sigmoid() }),
            ("silu", x, { $0.silu() }), ("gelu", x, { $0.gelu() }), ("gelu_tanh", x, { $0.geluTanh() }),
            ("pow", positive, { $0.pow(1.5) }),
        ]
        for (name, input, function) in functions {
            GradientCheck.assertGradients(of: name, inputs: [input.copy()], step: 1e-3) { function($0[0]) }
        }
        // Kinked functions: inputs kept away from the kink.
        let awayFromZero = Tensor(shape: [4], values: [-1.5, -0.3, 0.4, 2.0])
        GradientCheck.assertGradients(of: "relu", inputs: [awayFromZero.copy()], step: 1e-3) { $0[0].relu() }
        GradientCheck.assertGradients(of: "abs", inputs: [awayFromZero.copy()], step: 1e-3) { $0[0].abs() }
        GradientCheck.assertGradients(of: "elu", inputs: [awayFromZero.copy()], step: 1e-3) { $0[0].elu(alpha: 0.7) }
    }

    func testReductionGradients() {
        let x = random([3, 4, 2], 7, 1)
        GradientCheck.assertGradients(of: "sum", inputs: [x]) { $0[0].sum(axes: [0, 2]) }
        GradientCheck.assertGradients(of: "mean", inputs: [x]) { $0[0].mean(axes: [1], keepDims: true) }
        GradientCheck.assertGradients(of: "max", inputs: [x]) { $0[0].max(axis: 1) }
        GradientCheck.assertGradients(of: "expand", inputs: [random([3, 1], 8, 1)]) { $0[0].expanded(to: [2, 3, 4]) }
    }

    func testMatmulGradients() {
        GradientCheck.assertGradients(of: "matmul", inputs: [random([3, 4], 9, 1), random([4, 2], 10, 1)]) {
            matmul($0[0], $0[1])
        }
        GradientCheck.assertGradients(of: "matmul shared transposed",
                                      inputs: [random([2, 3, 4], 11, 1), random([5, 4], 12, 1)]) {
            matmul($0[0], $0[1], transposeB: true)
        }
        GradientCheck.assertGradients(of: "matmul batched",
                                      inputs: [random([2, 3, 4], 13, 1), random([2, 4, 2], 14, 1)]) {
            matmul($0[0], $0[1])
        }
        GradientCheck.assertGradients(of: "matmul batched transposed",
                                      inputs: [random([2, 3, 4], 15, 1), random([2, 5, 4], 16, 1)]) {
            matmul($0[0], $0[1], transposeB: true)
        }
    }

    func testShapeGradients() {
        let x = random([2, 3, 4], 17, 1)
        GradientCheck.assertGradients(of: "reshape", inputs: [x]) { $0[0].reshaped([4, -1]) * $0[0].reshaped([4, 6]) }
        GradientCheck.assertGradients(of: "permute", inputs: [x]) { $0[0].permuted([2, 0, 1]) }
        GradientCheck.assertGradients(of: "slice", inputs: [x]) { $0[0].slice(axis: 2, 1..<3) }
        GradientCheck.assertGradients(of: "concat", inputs: [x, random([2, 1, 4], 18, 1)]) {
            Tensor.concat([$0[0], $0[1]], axis: 1)
        }
        GradientCheck.assertGradients(of: "pad zero", inputs: [x]) { $0[0].padded([(1, 2), (0, 1)]) }
        GradientCheck.assertGradients(of: "pad reflect", inputs: [x]) { $0[0].padded([(2, 1), (3, 2)], mode: .reflect) }
    }

    func testGradientAccumulatesOverSharedInputs() {
        let x = Tensor(shape: [2], values: [1, 2], requiresGrad: true)
        (x * x + x).sum().backward()
        XCTAssertEqual(x.grad?.toArray(), [3, 5])
    }

    func testLeafGradientsOwnTheirStorage() {
        // add hands the same upstream gradient to both inputs; each leaf must get its own copy.
        let a = Tensor(shape: [2], values: [1, 2], requiresGrad: true)
        let b = Tensor(shape: [2], values: [3, 4], requiresGrad: true)
        let cotangent = Tensor(shape: [2], values: [5, 6])
        (a + b).backward(cotangent)
        a.grad!.pointer[0] = 100
        XCTAssertEqual(b.grad?.toArray(), [5, 6])
        XCTAssertEqual(cotangent.toArray(), [5, 6])
        (a + b).backward(cotangent)
        XCTAssertEqual(a.grad?.toArray(), [105, 12])
        XCTAssertEqual(b.grad?.toArray(), [10, 12])
    }

    func testPyTorchParity() throws {
        try Parity.check(group: "core", operations: [
            "add": { _, x in x[0] + x[1] },
            "subtract": { _, x in x[0] - x[1] },
            "multiply": { _, x in x[0] * x[1] },
            "divide": { _, x in x[0] / x[1] },
            "exp": { _, x in x[0].exp() },
            "log": { _, x in x[0].log() },
            "sqrt": { _, x in x[0].sqrt() },
            "tanh": { _, x in x[0].tanh() },
            "sigmoid": { _, x in x[0].sigmoid() },
            "relu": { _, x in x[0].relu() },
            "silu": { _, x in x[0].silu() },
            "gelu": { _, x in x[0].gelu() },
            "gelu_tanh": { _, x in x[0].geluTanh() },
            "elu": { c, x in x[0].elu(alpha: c.float("alpha")) },
            "sum": { c, x in x[0].sum(axes: c.ints("axes"), keepDims: c.bool("keep")) },
            "mean": { c, x in x[0].mean(axes: c.ints("axes"), keepDims: c.bool("keep")).reshaped([1]) },
            "max": { c, x in x[0].max(axis: c.int("axis")) },
            "matmul": { c, x in matmul(x[0], x[1], transposeB: c.bool("transpose_b")) },
            "reshape": { c, x in x[0].reshaped(c.ints("shape")) },
            "permute": { c, x in x[0].permuted(c.ints("order")) },
            "transpose": { c, x in x[0].transposed(c.ints("axes")[0], c.ints("axes")[1]) },
            "slice": { c, x in x[0].slice(axis: c.int("axis"), c.int("start")..<c.int("end")) },
            "concat": { c, x in Tensor.concat(x, axis: c.int("axis")) },
            "pad": { c, x in
                let flat = c.ints("amounts")
                let pairs = stride(from: 0, to: flat.count, by: 2).map { (before: flat[$0], after: flat[$0 + 1]) }
                return x[0].padded(pairs, mode: c.bool("reflect") ? .reflect : .zero)
            },
        ])
    }
}
