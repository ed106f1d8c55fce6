import Foundation

/// Softmax and log-softmax along any axis, shifted by each lane's maximum so that large
/// inputs cannot overflow.
extension Tensor {
    // softmax — backward: dx = y·(dy − Σ dy·y) along the axis.
    /// e^x / Σ e^x along `axis`.
    public func softmax(axis: Int = -1) -> Tensor {
        let axis = normalizedAxis(axis)
        let result = Tensor(uninitialized: shape)
        mapLanes(along: axis, self, nil, into: result) { x, _, y, size in
            let total = VectorMath.exponentials(x, size, shift: VectorMath.maximum(x, size), into: y)
            VectorMath.scale(y, size, by: 1 / total)
        }
        let output = result.detached()
        return Tensor.record("softmax", result, [self]) { dy in
            let dx = Tensor(uninitialized: dy.shape)
            dy.mapLanes(along: axis, output, dy, into: dx) { y, upstream, gradient, size in
                let upstream = upstream!, projection = VectorMath.dot(y, upstream, size)
                for index in 0..<size { gradient[index] = y[index] * (upstream[index] - projection) }
            }
            return [dx]
        }
    }

    // log_softmax — backward: dx = dy − e^y·Σ dy along the axis.
    /// x − log Σ e^x along `axis`.
    public func logSoftmax(axis: Int = -1) -> Tensor {
        let axis = normalizedAxis(axis)
        let result = Tensor(uninitialized: shape)
        mapLanes(along: axis, self, nil, into: result) { x, _, y, size in
            let maximum = VectorMath.maximum(x, size)
            // y holds the exponentials only until it is overwritten below.
            let logSumExp = maximum + Foundation.log(VectorMath.exponentials(x, size, shift: maximum, into: y))
            for index in 0..<size { y[index] = x[index] - logSumExp }
        }
        let output = result.detached()
        return Tensor.record("log_softmax", result, [self]) { dy in
            let dx = Tensor(uninitialized: dy.shape)
            dy.mapLanes(along: axis, output, dy, into: dx) { y, upstream, gradient, size in
                let upstream = upstream!, total = VectorMath.sum(upstream, size)
                VectorMath.exponentials(y, size, shift: 0, into: gradient)  // softmax = e^(log-softmax)
                for index in 0..<size { gradient[index] = upstream[index] - gradient[index] * total }
            }
            return [dx]
        }
    }

    /// Runs `body(first, second, result, size)` on every lane along `axis` of same-shaped
    /// tensors: straight on the rows when `axis` is the last, on gathered copies otherwise.
    func mapLanes(along axis: Int, _ first: Tensor, _ second: Tensor?, into result: Tensor,
                  _ body: (UnsafePointer<Float>, UnsafePointer<Float>?, UnsafeMutablePointer<Float>, Int) -> Void) {
        let (outer, size, inner) = splitAround(axis)
        let a = first.pointer, b = second?.pointer, output = result.pointer
        guard inner > 1 else {
            parallelFor(outer, grain: Swift.max(1, (1 << 14) / Swift.max(size, 1))) { rows in
                for row in rows { body(a + row * size, b.map { $0 + row * size }, output + row * size, size) }
            }
            return
        }
        parallelFor(outer * inner, grain: Swift.max(1, (1 << 14) / Swift.max(size, 1))) { lanes in
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 3 * size)
            defer { scratch.deallocate() }
            let laneA = scratch, laneB = scratch + size, laneOutput = scratch + 2 * size
            for lane in lanes {
                let start = (lane / inner) * size * inner + lane % inner
                for index in 0..<size { laneA[index] = a[start + index * inner] }
                if let b { for index in 0..<size { laneB[index] = b[start + index * inner] } }
                body(laneA, b == nil ? nil : UnsafePointer(laneB), laneOutput, size)
                for index in 0..<size { output[start + index * inner] = laneOutput[index] }
            }
        }
    }
}
