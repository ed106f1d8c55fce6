import Foundation

/// Reshape, permute, slice, concatenate and pad.
extension Tensor {
    // reshape — backward: the gradient reshaped back. Shares storage with the input.
    /// The same values with another shape; one dimension may be -1 (inferred).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let unknown = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != unknown }.map(\.element).reduce(1, *)
            precondition(known > 0 && count % known == 0, "cannot reshape \(shape) to \(newShape)")
            resolved[unknown] = count / known
        }
        precondition(resolved.reduce(1, *) == count, "cannot reshape \(shape) to \(newShape)")
        if resolved == shape { return self }
        let inputShape = shape
        return Tensor.record("reshape", Tensor(shape: resolved, storage: storage), [self]) { dy in
            [dy.reshaped(inputShape)]
        }
    }

    // permute — backward: the gradient permuted by the inverse permutation.
    /// Reorders axes: result axis i is input axis `order[i]`.
    public func permuted(_ order: [Int]) -> Tensor {
        let order = order.map(normalizedAxis)
        precondition(order.sorted() == Array(shape.indices), "permutation \(order) for shape \(shape)")
        if order == Array(shape.indices) { return self }
        let strides = contiguousStrides(shape)
        let result = stridedCopy(self, shape: order.map { shape[$0] }, sourceStrides: order.map { strides[$0] })
        var inverse = order
        for (position, axis) in order.enumerated() { inverse[axis] = position }
        return Tensor.record("permute", result, [self]) { dy in [dy.permuted(inverse)] }
    }

    /// Swaps two axes.
    public func transposed(_ first: Int = -2, _ second: Int = -1) -> Tensor {
        var order = Array(shape.indices)
        order.swapAt(normalizedAxis(first), normalizedAxis(second))
        return permuted(order)
    }

    // slice — backward: the gradient placed into zeros at the slice's position.
    /// Elements `range` along `axis`.
    public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
        let axis = normalizedAxis(axis)
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[axis], "slice \(range) of axis size \(shape[axis])")
        let (outer, size, inner) = splitAround(axis)
        var resultShape = shape
        resultShape[axis] = range.count
        let result = Tensor(uninitialized: resultShape)
        copyBlocks(outer: outer, count: range.count * inner, from: pointer + range.lowerBound * inner,
                   sourceStride: size * inner, to: result.pointer, destinationStride: range.count * inner)
        let inputShape = shape
        return Tensor.record("slice", result, [self]) { dy in
            let dx = Tensor(zeros: inputShape)
            copyBlocks(outer: outer, count: range.count * inner, from: dy.pointer, sourceStride: range.count * inner,
                       to: dx.pointer + range.lowerBound * inner, destinationStride: size * inner)
            return [dx]
        }
    }

    // concat — backward: the gradient sliced back into one piece per input.
    /// Joins tensors along `axis`; all other axes must agree.
    public static func concat(_ tensors: [Tensor], axis: Int) -> Tensor {
        precondition(!tensors.isEmpty, "concat of no tensors")
        let axis = tensors[0].normalizedAxis(axis)
        var resultShape = tensors[0].shape
        resultShape[axis] = tensors.map { $0.shape[axis] }.reduce(0, +)
        for tensor in tensors {
            var expected = resultShape
            expected[axis] = tensor.shape[axis]
            precondition(tensor.shape == expected, "concat: \(tensor.shape) does not fit \(resultShape) on axis \(axis)")
        }
        let result = Tensor(uninitialized: resultShape)
        let (outer, total, inner) = result.splitAround(axis)
        var offset = 0
        var offsets: [Int] = []
        for tensor in tensors {
            let size = tensor.shape[axis]
            copyBlocks(outer: outer, count: size * inner, from: tensor.pointer, sourceStride: size * inner,
                       to: result.pointer + offset * inner, destinationStride: total * inner)
            offsets.append(offset)
            offset += size
        }
        return record("concat", result, tensors) { dy in
            zip(tensors, offsets).map { tensor, start in
                tensor.requiresGrad ? dy.slice(axis: axis, start..<(start + tensor.shape[axis])) : nil
            }
        }
    }

    public enum PaddingMode { case zero, reflect }

    // pad — backward: gradients gathered back from every output position that read an input element.
    /// Pads the trailing axes: `amounts[i]` is (before, after) for axis `rank - amounts.count + i`.
    /// Reflect mirrors without repeating the edge (PyTorch's "reflect"), so each amount must be
    /// smaller than its axis.
    public func padded(_ amounts: [(before: Int, after: Int)], mode: PaddingMode = .zero) -> Tensor {
        precondition(amounts.count <= rank, "pad of \(amounts.count) axes for shape \(shape)")
        let first = rank - amounts.count
        var resultShape = shape
        var sourceIndex: [[Int]] = []  // per padded axis: output position → input position or -1
        for (offset, amount) in amounts.enumerated() {
            let axis = first + offset, size = shape[axis]
            precondition(amount.before >= 0 && amount.after >= 0, "negative padding")
            if mode == .reflect {
                precondition(amount.before < size && amount.after < size, "reflect padding \(amount) of axis size \(size)")
            }
            resultShape[axis] = size + amount.before + amount.after
            sourceIndex.append((0..<resultShape[axis]).map { position in
                let index = position - amount.before
                if index >= 0 && index < size { return index }
                if mode == .zero { return -1 }
                return index < 0 ? -index : 2 * (size - 1) - index
            })
        }
        let outer = shape[..<first].reduce(1, *)
        let paddedInner = resultShape[first...].reduce(1, *), inputInner = shape[first...].reduce(1, *)
        // Flat map over the padded axes: output offset → input offset (or -1 for zero).
        let flatSource = Tensor.flatIndexMap(sourceIndex, inputShape: Array(shape[first...]))
        let result = Tensor(uninitialized: resultShape)
        let input = pointer, output = result.pointer
        parallelFor(outer, grain: Swift.max(1, (1 << 14) / Swift.max(paddedInner, 1))) { range in
            for o in range {
                for position in 0..<paddedInner {
                    let source = flatSource[position]
                    output[o * paddedInner + position] = source < 0 ? 0 : input[o * inputInner + source]
                }
            }
        }
        let inputShape = shape
        return Tensor.record("pad", result, [self]) { dy in
            let dx = Tensor(zeros: inputShape)
            let upstream = dy.pointer, gradient = dx.pointer
            parallelFor(outer, grain: Swift.max(1, (1 << 14) / Swift.max(paddedInner, 1))) { range in
                for o in range {
                    for position in 0..<paddedInner where flatSource[position] >= 0 {
                        gradient[o * inputInner + flatSource[position]] += upstream[o * paddedInner + position]
                    }
                }
            }
            return [dx]
        }
    }

    /// Combines per-axis index maps into one map over the flattened trailing block.
    private static func flatIndexMap(_ maps: [[Int]], inputShape: [Int]) -> [Int] {
        let inputStrides = contiguousStrides(inputShape)
        var flat = [0]
        for (axis, map) in maps.enumerated() {
            flat = flat.flatMap { base in
                map.map { index in base < 0 || index < 0 ? -1 : base + index * inputStrides[axis] }
            }
        }
        return flat
    }
}

/// Copies `outer` blocks of `count` floats between strided positions.
func copyBlocks(outer: Int, count: Int, from source: UnsafePointer<Float>, sourceStride: Int,
                to destination: UnsafeMutablePointer<Float>, destinationStride: Int) {
    parallelFor(outer, grain: Swift.max(1, (1 << 16) / Swift.max(count, 1))) { range in
        for block in range {
            (destination + block * destinationStride).update(from: source + block * sourceStride, count: count)
        }
    }
}
