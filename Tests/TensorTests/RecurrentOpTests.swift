import Tensor
import XCTest

/// LSTM and weight normalization: gradient checks and PyTorch parity.
final class RecurrentOpTests: XCTestCase {
    private let random = GradientCheck.random

    func testLSTMGradients() {
        // time 3, batch 2, input 3, hidden 2.
        let input = random([3, 2, 3], 41, 1)
        let weightInput = random([8, 3], 42, 0.5), weightHidden = random([8, 2], 43, 0.5)
        let biasInput = random([8], 44, 0.3), biasHidden = random([8], 45, 0.3)
        GradientCheck.assertGradients(of: "lstm", inputs: [input, weightInput, weightHidden, biasInput, biasHidden],
                                      step: 1e-3) {
            lstm($0[0], weightInput: $0[1], weightHidden: $0[2], biasInput: $0[3], biasHidden: $0[4])
        }
        GradientCheck.assertGradients(of: "lstm one bias", inputs: [input, weightInput, weightHidden, biasHidden],
                                      step: 1e-3) {
            lstm($0[0], weightInput: $0[1], weightHidden: $0[2], biasInput: nil, biasHidden: $0[3])
        }
    }

    func testWeightNormGradients() {
        let magnitude = (random([4, 1, 1], 47, 1).abs() + 0.5).detached()
        GradientCheck.assertGradients(of: "weight_norm conv", inputs: [random([4, 3, 2], 46, 1), magnitude], step: 1e-3) {
            weightNorm(direction: $0[0], magnitude: $0[1])
        }
        GradientCheck.assertGradients(of: "weight_norm flat magnitude", inputs: [random([3, 5], 48, 1), random([3], 49, 1)],
                                      step: 1e-3) {
            weightNorm(direction: $0[0], magnitude: $0[1])
        }
    }

    func testPyTorchParity() throws {
        try Parity.check(group: "recurrent", operations: [
            "lstm": { _, x in
                lstm(x[0], weightInput: x[1], weightHidden: x[2], biasInput: x.count > 3 ? x[3] : nil,
                     biasHidden: x.count > 4 ? x[4] : nil)
            },
            "weight_norm": { _, x in weightNorm(direction: x[0], magnitude: x[1]) },
        ])
    }
}
