@testable import Tensor
import XCTest

/// Softmax, log-softmax and cross-entropy: gradient checks, PyTorch parity, edge cases, and the
/// accuracy of the vectorised exponential they share with attention.
final class SoftmaxOpTests: XCTestCase {
    private let random = GradientCheck.random

    func testSoftmaxGradients() {
        let x = random([2, 3, 4], 1, 2)
        for axis in [-1, 0, 1] {
            GradientCheck.assertGradients(of: "softmax axis \(axis)", inputs: [x.copy()], step: 1e-3) { $0[0].softmax(axis: axis) }
            GradientCheck.assertGradients(of: "log_softmax axis \(axis)", inputs: [x.copy()], step: 1e-3) {
                $0[0].logSoftmax(axis: axis)
            }
        }
    }

    func testSoftmaxIsShiftedByTheMaximum() {
        let huge = Tensor(shape: [1, 3], values: [1000, 1001, 1002])
        let small = Tensor(shape: [1, 3], values: [0, 1, 2])
        XCTAssertEqual(huge.softmax().toArray(), small.softmax().toArray())
        let logProbabilities = huge.logSoftmax().toArray()
        XCTAssert(logProbabilities.allSatisfy(\.isFinite), "\(logProbabilities)")
        // Within the spacing of floats near 1000 (6e-5).
        XCTAssertEqual(logProbabilities[2], -Float(log(1 + exp(-1.0) + exp(-2.0))), accuracy: 2e-4)
    }

    func testCrossEntropyGradients() {
        let logits = random([5, 7], 2, 3)
        let targets: [Int32] = [0, 6, -100, 3, 3]
        GradientCheck.assertGradients(of: "cross_entropy", inputs: [logits.copy()], step: 1e-3) {
            crossEntropy(logits: $0[0], targets: targets)
        }
        GradientCheck.assertGradients(of: "cross_entropy weighted", inputs: [logits.copy()], step: 1e-3) {
            crossEntropy(logits: $0[0], targets: [0, 6, 2, 3, 3], weights: [0.5, 2, 1, 0, 1.5], ignoreIndex: 6)
        }
    }

    func testCrossEntropyIsAScalarAndZeroWhenNothingCounts() {
        let logits = random([3, 4], 3, 1)
        logits.requiresGrad = true
        let loss = crossEntropy(logits: logits, targets: [-100, -100, -100])
        XCTAssertEqual(loss.shape, [])
        XCTAssertEqual(loss.item, 0)
        loss.backward()
        XCTAssertEqual(logits.grad?.toArray(), [Float](repeating: 0, count: 12))
        // Uniform logits: the loss is log(vocabulary).
        XCTAssertEqual(crossEntropy(logits: Tensor(zeros: [2, 20]), targets: [3, 19]).item, log(20), accuracy: 1e-6)
    }

    func testFastExponentialIsAccurate() {
        var worst: Double = 0
        for step in 0...20_000 {
            let x = Float(-87 + 175 * Double(step) / 20_000)
            let exact = Foundation.exp(Double(x))
            let approximate = Double(VectorMath.exp(VectorMath.Vector(repeating: x))[0])
            worst = Swift.max(worst, Swift.abs(approximate - exact) / exact)
        }
        XCTAssertLessThan(worst, 1e-6)
        let underflow = VectorMath.exp(VectorMath.Vector(repeating: -.infinity))
        XCTAssertEqual(underflow[0], 0)
    }

    func testPyTorchParity() throws {
        try Parity.check(group: "softmax", operations: [
            "softmax": { c, x in x[0].softmax(axis: c.int("axis")) },
            "log_softmax": { c, x in x[0].logSoftmax(axis: c.int("axis")) },
            "cross_entropy": { c, x in
                crossEntropy(logits: x[0], targets: c.integers["targets"]!.map { Int32($0) },
                             weights: c.params["weights"]?.numbers.map { Float($0) },
                             ignoreIndex: Int32(c.int("ignore_index"))).reshaped([1])
            },
        ])
    }
}
