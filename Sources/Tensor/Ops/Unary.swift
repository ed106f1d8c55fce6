import Foundation

/// Elementwise functions. Each names its derivative beside its forward: the backward rule
/// of every one is `dx = dy · derivative(x, y)`.
extension Tensor {
    /// Applies `forward` elementwise and records `dx = dy · derivative(x, y)`.
    @inline(__always)
    func unary(_ name: String, _ forward: (Float) -> Float,
               derivative: @escaping (_ x: Float, _ y: Float) -> Float) -> Tensor {
        unary(name, block: { input, output, range in
            for index in range { output[index] = forward(input[index]) }
        }, derivative: derivative)
    }

    /// Applies `block(input, output, range)` to ranges of elements (a vectorised forward) and
    /// records `dx = dy · derivative(x, y)`.
    @inline(__always)
    func unary(_ name: String, block: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Range<Int>) -> Void,
               derivative: @escaping (_ x: Float, _ y: Float) -> Float) -> Tensor {
        let result = Tensor(uninitialized: shape)
        let input = pointer, output = result.pointer
        parallelFor(count, grain: 1 << 14) { range in block(input, output, range) }
        return Tensor.record(name, result, [self]) { dy in
            let dx = Tensor(uninitialized: dy.shape)
            let upstream = dy.pointer, x = input, y = output, gradient = dx.pointer
            parallelFor(dx.count, grain: 1 << 14) { range in
                for index in range { gradient[index] = upstream[index] * derivative(x[index], y[index]) }
            }
            return [dx]
        }
    }

    // exp — derivative: y.
    public func exp() -> Tensor { unary("exp", { Foundation.exp($0) }, derivative: { _, y in y }) }
    // log — derivative: 1 / x.
    public func log() -> Tensor { unary("log", { Foundation.log($0) }, derivative: { x, _ in 1 / x }) }
    // sqrt — derivative: 1 / (2y).
    public func sqrt() -> Tensor { unary("sqrt", { $0.squareRoot() }, derivative: { _, y in 0.5 / y }) }
    // square — derivative: 2x.
    public func square() -> Tensor { unary("square", { $0 * $0 }, derivative: { x, _ in 2 * x }) }
    // tanh — derivative: 1 − y².
    public func tanh() -> Tensor { unary("tanh", { Foundation.tanh($0) }, derivative: { _, y in 1 - y * y }) }
    // sigmoid — derivative: y(1 − y).
    public func sigmoid() -> Tensor { unary("sigmoid", sigmoidFunction, derivative: { _, y in y * (1 - y) }) }
    // relu — derivative: 1 where x > 0.
    public func relu() -> Tensor { unary("relu", { Swift.max($0, 0) }, derivative: { x, _ in x > 0 ? 1 : 0 }) }

    // gelu (erf) — derivative: Φ(x) + x·φ(x).
    public func gelu() -> Tensor {
        unary("gelu", { 0.5 * $0 * (1 + erf($0 * Float(0.5).squareRoot())) }, derivative: { x, _ in
            0.5 * (1 + erf(x * Float(0.5).squareRoot())) + x * Foundation.exp(-0.5 * x * x) * 0.398_942_28
        })
    }

    // gelu (tanh approximation) — derivative: ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²).
    public func geluTanh() -> Tensor {
        let c: Float = 0.797_884_56  // √(2/π)
        return unary("gelu_tanh", { 0.5 * $0 * (1 + Foundation.tanh(c * ($0 + 0.044715 * $0 * $0 * $0))) },
                     derivative: { x, _ in
            let t = Foundation.tanh(c * (x + 0.044715 * x * x * x))
            return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * 0.044715 * x * x)
        })
    }

    // elu — derivative: 1 for x > 0, else y + α.
    public func elu(alpha: Float = 1) -> Tensor {
        unary("elu", block: { input, output, range in
            VectorMath.elu(input + range.lowerBound, range.count, alpha: alpha, into: output + range.lowerBound)
        }, derivative: { x, y in x > 0 ? 1 : y + alpha })
    }

    // pow with a constant exponent — derivative: p·x^(p−1).
    public func pow(_ exponent: Float) -> Tensor {
        unary("pow", { Foundation.pow($0, exponent) }, derivative: { x, _ in exponent * Foundation.pow(x, exponent - 1) })
    }

    // abs — derivative: sign(x).
    public func abs() -> Tensor { unary("abs", { Swift.abs($0) }, derivative: { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) }) }
}

@inline(__always)
func sigmoidFunction(_ x: Float) -> Float { 1 / (1 + Foundation.exp(-x)) }
