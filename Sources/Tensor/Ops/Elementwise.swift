import Foundation

/// Broadcasting binary arithmetic: `+ - * /` between tensors and with scalars.
extension Tensor {
    /// Applies `operation` elementwise under NumPy broadcasting.
    @inline(__always)
    static func broadcastBinary(_ a: Tensor, _ b: Tensor, _ operation: (Float, Float) -> Float) -> Tensor {
        let shape = a.shape == b.shape ? a.shape : broadcastShape(a.shape, b.shape)
        let result = Tensor(uninitialized: shape)
        let left = a.pointer, right = b.pointer, output = result.pointer
        if a.shape == b.shape {
            parallelFor(result.count, grain: 1 << 15) { range in
                for index in range { output[index] = operation(left[index], right[index]) }
            }
            return result
        }
        guard result.count > 0 else { return result }
        let layout = StridedLayout(shape: shape, strides: [contiguousStrides(shape),
                                                           broadcastStrides(a.shape, to: shape),
                                                           broadcastStrides(b.shape, to: shape)])
        layout.forEachInnerRun { offsets, count, strides in
            let out = output + offsets[0], x = left + offsets[1], y = right + offsets[2]
            switch (strides[1], strides[2]) {
            case (1, 1): for item in 0..<count { out[item] = operation(x[item], y[item]) }
            case (1, 0): let value = y[0]; for item in 0..<count { out[item] = operation(x[item], value) }
            case (0, 1): let value = x[0]; for item in 0..<count { out[item] = operation(value, y[item]) }
            default:
                for item in 0..<count { out[item] = operation(x[item * strides[1]], y[item * strides[2]]) }
            }
        }
        return result
    }

    /// Sums a broadcast gradient back down to `shape` (the backward rule of broadcasting).
    public func reduced(toShape target: [Int]) -> Tensor {
        if shape == target { return self }
        let padded = [Int](repeating: 1, count: rank - target.count) + target
        let axes = shape.indices.filter { padded[$0] == 1 && shape[$0] != 1 }
        return (axes.isEmpty ? self : sum(axes: axes, keepDims: true)).reshaped(target)
    }

    // add — backward: (dC, dC), each reduced to its input's shape.
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        record("add", broadcastBinary(a, b, +), [a, b]) { dc in
            [a.requiresGrad ? dc.reduced(toShape: a.shape) : nil, b.requiresGrad ? dc.reduced(toShape: b.shape) : nil]
        }
    }

    // subtract — backward: (dC, −dC).
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        record("subtract", broadcastBinary(a, b, -), [a, b]) { dc in
            [a.requiresGrad ? dc.reduced(toShape: a.shape) : nil, b.requiresGrad ? (-dc).reduced(toShape: b.shape) : nil]
        }
    }

    // multiply — backward: (dC·b, dC·a).
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        record("multiply", broadcastBinary(a, b, *), [a, b]) { dc in
            [a.requiresGrad ? (dc * b).reduced(toShape: a.shape) : nil,
             b.requiresGrad ? (dc * a).reduced(toShape: b.shape) : nil]
        }
    }

    // divide — backward: (dC / b, −dC·a / b²).
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        let c = broadcastBinary(a, b, /)
        return record("divide", c, [a, b]) { dc in
            [a.requiresGrad ? (dc / b).reduced(toShape: a.shape) : nil,
             b.requiresGrad ? (-(dc * c) / b).reduced(toShape: b.shape) : nil]
        }
    }

    public static prefix func - (x: Tensor) -> Tensor { x * -1 }
    public static func + (a: Tensor, b: Float) -> Tensor { a + Tensor(scalar: b) }
    public static func - (a: Tensor, b: Float) -> Tensor { a - Tensor(scalar: b) }
    public static func * (a: Tensor, b: Float) -> Tensor { a * Tensor(scalar: b) }
    public static func / (a: Tensor, b: Float) -> Tensor { a * Tensor(scalar: 1 / b) }
    public static func + (a: Float, b: Tensor) -> Tensor { Tensor(scalar: a) + b }
    public static func - (a: Float, b: Tensor) -> Tensor { Tensor(scalar: a) - b }
    public static func * (a: Float, b: Tensor) -> Tensor { Tensor(scalar: a) * b }
    public static func / (a: Float, b: Tensor) -> Tensor { Tensor(scalar: a) / b }
}
