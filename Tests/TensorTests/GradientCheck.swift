import Tensor
import XCTest

/// Finite-difference gradient checking: every op's backward rule is compared against central
/// differences of `sum(f(inputs) · cotangent)`, accumulated in Double.
enum GradientCheck {
    /// Asserts that autograd's gradients of `function` match central differences for every input.
    static func assertGradients(
        of name: String,
        inputs: [Tensor],
        step: Float = 1e-2,
        tolerance: Float = 2e-2,
        file: StaticString = #filePath, line: UInt = #line,
        _ function: ([Tensor]) -> Tensor
    ) {
        let output = withoutGradient { function(inputs) }
        var generator = RandomGenerator(seed: 99)
        let cotangent = Tensor.randomNormal(output.shape, generator: &generator)
        func objective() -> Double {
            let value = withoutGradient { function(inputs) }
            return zip(value.data, cotangent.data).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }

        for input in inputs { input.requiresGrad = true; input.zeroGrad() }
        function(inputs).backward(cotangent)

        for (inputIndex, input) in inputs.enumerated() {
            guard let analytic = input.grad else {
                XCTFail("\(name): no gradient for input \(inputIndex)", file: file, line: line)
                continue
            }
            for element in 0..<input.count {
                let original = input.pointer[element]
                input.pointer[element] = original + step
                let plus = objective()
                input.pointer[element] = original - step
                let minus = objective()
                input.pointer[element] = original
                let numeric = Float((plus - minus) / (2 * Double(step)))
                let exact = analytic.pointer[element]
                let scale = Swift.max(1, Swift.abs(numeric), Swift.abs(exact))
                if Swift.abs(numeric - exact) > tolerance * scale {
                    XCTFail("\(name): input \(inputIndex)[\(element)] analytic \(exact) vs numeric \(numeric)",
                            file: file, line: line)
                    return
                }
            }
        }
    }

    /// A seeded normal tensor for test inputs.
    static func random(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return Tensor.randomNormal(shape, std: scale, generator: &generator)
    }
}
