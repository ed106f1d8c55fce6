/// SiLU with the vectorised exponential: every ResNet block of the tokenizers runs it twice.
extension Tensor {
    // silu — backward: dx = dy · s(1 + x(1 − s)) with s = sigmoid(x), recomputed from x.
    /// x · sigmoid(x), elementwise.
    public func silu() -> Tensor {
        let result = Tensor(uninitialized: shape)
        let input = pointer, output = result.pointer
        Self.forEachVector(count) { index, lanes in
            let x = VectorMath.load(input + index, lanes)
            VectorMath.store(x * Self.sigmoid(x), output + index, lanes)
        }
        return Tensor.record("silu", result, [self]) { dy in
            let dx = Tensor(uninitialized: dy.shape)
            let upstream = dy.pointer, gradient = dx.pointer
            Self.forEachVector(dx.count) { index, lanes in
                let x = VectorMath.load(input + index, lanes)
                let s = Self.sigmoid(x)
                VectorMath.store(VectorMath.load(upstream + index, lanes) * s * (1 + x * (1 - s)), gradient + index, lanes)
            }
            return [dx]
        }
    }

    @inline(__always)
    private static func sigmoid(_ x: VectorMath.Vector) -> VectorMath.Vector { 1 / (1 + VectorMath.exp(-x)) }

    /// Calls `body(start, lanes)` for each run of up to 16 elements of `0..<count`, on the worker threads.
    @inline(__always)
    private static func forEachVector(_ count: Int, _ body: (Int, Int) -> Void) {
        parallelFor((count + VectorMath.width - 1) / VectorMath.width, grain: 1 << 10) { vectors in
            for vector in vectors {
                let start = vector * VectorMath.width
                body(start, Swift.min(VectorMath.width, count - start))
            }
        }
    }
}
