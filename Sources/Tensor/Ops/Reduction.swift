import Foundation

/// Sums, means and maxima over axes, and `expanded(to:)`, the broadcast that undoes a sum.
extension Tensor {
    /// Views this tensor as [outer, size(axis), inner].
    func splitAround(_ axis: Int) -> (outer: Int, size: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    /// Sum over one axis, kept as size 1 (no autograd record).
    private func sumKeepingAxis(_ axis: Int) -> Tensor {
        let (outer, size, inner) = splitAround(axis)
        var resultShape = shape
        resultShape[axis] = 1
        let result = Tensor(zeros: resultShape)
        let input = pointer, output = result.pointer
        parallelFor(outer, grain: Swift.max(1, (1 << 14) / Swift.max(size * inner, 1))) { range in
            for o in range {
                let destination = output + o * inner
                for j in 0..<size {
                    let source = input + (o * size + j) * inner
                    for i in 0..<inner { destination[i] += source[i] }
                }
            }
        }
        return result
    }

    // sum — backward: the gradient expanded back over the summed axes.
    /// Sum over `axes` (all axes when nil).
    public func sum(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        let normalized = Set((axes ?? Array(shape.indices)).map(normalizedAxis)).sorted(by: >)
        var result = withoutGradient { normalized.reduce(detached()) { $0.sumKeepingAxis($1) } }
        let keptShape = result.shape
        if !keepDims { result = result.reshaped(shape.indices.filter { !normalized.contains($0) }.map { shape[$0] }) }
        let inputShape = shape
        return Tensor.record("sum", result, [self]) { dy in [dy.reshaped(keptShape).expanded(to: inputShape)] }
    }

    /// Mean over `axes` (all axes when nil).
    public func mean(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor {
        let reducedCount = (axes ?? Array(shape.indices)).map { shape[normalizedAxis($0)] }.reduce(1, *)
        return sum(axes: axes, keepDims: keepDims) * (1 / Float(Swift.max(reducedCount, 1)))
    }

    // max — backward: the gradient goes to the first maximal element of each slice (as torch.max(dim)).
    /// Maximum over one axis.
    public func max(axis: Int, keepDims: Bool = false) -> Tensor {
        let axis = normalizedAxis(axis)
        let (outer, size, inner) = splitAround(axis)
        precondition(size > 0, "max over an empty axis")
        var resultShape = shape
        resultShape[axis] = 1
        let result = Tensor(uninitialized: resultShape)
        var winners = [Int32](repeating: 0, count: outer * inner)
        let input = pointer, output = result.pointer
        winners.withUnsafeMutableBufferPointer { winner in
            for o in 0..<outer {
                for i in 0..<inner {
                    var best = input[o * size * inner + i], bestIndex = 0
                    for j in 1..<size where input[(o * size + j) * inner + i] > best {
                        best = input[(o * size + j) * inner + i]
                        bestIndex = j
                    }
                    output[o * inner + i] = best
                    winner[o * inner + i] = Int32(bestIndex)
                }
            }
        }
        let inputShape = shape
        let shaped = keepDims ? result : result.reshaped(shape.enumerated().filter { $0.offset != axis }.map(\.element))
        return Tensor.record("max", shaped, [self]) { dy in
            let dx = Tensor(zeros: inputShape)
            for o in 0..<outer {
                for i in 0..<inner {
                    dx.pointer[(o * size + Int(winners[o * inner + i])) * inner + i] = dy.pointer[o * inner + i]
                }
            }
            return [dx]
        }
    }

    // expand — backward: the gradient summed back down to the input shape.
    /// Broadcasts this tensor to `target` (NumPy rules), copying.
    public func expanded(to target: [Int]) -> Tensor {
        if shape == target { return self }
        precondition(broadcastShape(shape, target) == target, "cannot expand \(shape) to \(target)")
        let inputShape = shape
        let result = stridedCopy(self, shape: target, sourceStrides: broadcastStrides(shape, to: target))
        return Tensor.record("expand", result, [self]) { dy in [dy.reduced(toShape: inputShape)] }
    }
}
