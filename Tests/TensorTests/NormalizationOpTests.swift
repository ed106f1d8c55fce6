import Tensor
import XCTest

/// Layer, RMS and group normalization: gradient checks and PyTorch parity.
final class NormalizationOpTests: XCTestCase {
    private let random = GradientCheck.random

    func testLayerNormGradients() {
        let x = random([3, 5], 21, 1), weight = (random([5], 22, 0.3) + 1).detached(), bias = random([5], 23, 0.3)
        GradientCheck.assertGradients(of: "layer_norm affine", inputs: [x, weight, bias], step: 1e-3) {
            layerNorm($0[0], weight: $0[1], bias: $0[2], epsilon: 1e-5)
        }
        GradientCheck.assertGradients(of: "layer_norm plain", inputs: [random([2, 2, 4], 24, 1)], step: 1e-3) {
            layerNorm($0[0], weight: nil, bias: nil, epsilon: 1e-5)
        }
    }

    func testRMSNormGradients() {
        let x = random([3, 5], 25, 1), weight = (random([5], 26, 0.3) + 1).detached()
        GradientCheck.assertGradients(of: "rms_norm affine", inputs: [x, weight], step: 1e-3) {
            rmsNorm($0[0], weight: $0[1], epsilon: 1e-6)
        }
        GradientCheck.assertGradients(of: "rms_norm plain", inputs: [random([2, 6], 27, 1)], step: 1e-3) {
            rmsNorm($0[0], weight: nil, epsilon: 1e-6)
        }
    }

    func testGroupNormGradients() {
        let weight = (random([4], 29, 0.3) + 1).detached(), bias = random([4], 30, 0.3)
        GradientCheck.assertGradients(of: "group_norm 2-D affine", inputs: [random([2, 4, 3, 2], 28, 1), weight, bias],
                                      step: 1e-3) {
            groupNorm($0[0], groups: 2, weight: $0[1], bias: $0[2], epsilon: 1e-5)
        }
        GradientCheck.assertGradients(of: "group_norm 1-D weight only", inputs: [random([2, 4, 5], 31, 1), weight],
                                      step: 1e-3) {
            groupNorm($0[0], groups: 4, weight: $0[1], bias: nil, epsilon: 1e-5)
        }
        GradientCheck.assertGradients(of: "group_norm plain", inputs: [random([1, 6, 4], 32, 1)], step: 1e-3) {
            groupNorm($0[0], groups: 3, weight: nil, bias: nil, epsilon: 1e-5)
        }
    }

    /// Statistics stay exact for data far from zero, where E[x²] − E[x]² would cancel in Float.
    func testGroupNormOffsetData() {
        let x = (random([1, 2, 4096], 33, 1) + 1000).detached()
        let normalized = groupNorm(x, groups: 1, weight: nil, bias: nil, epsilon: 0)
        let values = normalized.toArray().map(Double.init)
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
        XCTAssertEqual(mean, 0, accuracy: 1e-3)
        XCTAssertEqual(variance, 1, accuracy: 1e-3)
    }

    func testPyTorchParity() throws {
        /// The affine parameters of a case: inputs 1 and 2 when it has them.
        func affine(_ c: ParityCase, _ x: [Tensor]) -> (Tensor?, Tensor?) {
            c.bool("affine") ? (x[1], x.count > 2 ? x[2] : nil) : (nil, nil)
        }
        try Parity.check(group: "normalization", operations: [
            "layer_norm": { c, x in
                let (weight, bias) = affine(c, x)
                return layerNorm(x[0], weight: weight, bias: bias, epsilon: c.float("epsilon"))
            },
            "rms_norm": { c, x in rmsNorm(x[0], weight: affine(c, x).0, epsilon: c.float("epsilon")) },
            "group_norm": { c, x in
                let (weight, bias) = affine(c, x)
                return groupNorm(x[0], groups: c.int("groups"), weight: weight, bias: bias, epsilon: c.float("epsilon"))
            },
        ])
    }
}
