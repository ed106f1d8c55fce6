import Foundation

/// NumPy broadcasting of two shapes.
public func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int] {
    let rank = max(a.count, b.count)
    let paddedA = [Int](repeating: 1, count: rank - a.count) + a
    let paddedB = [Int](repeating: 1, count: rank - b.count) + b
    return zip(paddedA, paddedB).map { x, y in
        precondition(x == y || x == 1 || y == 1, "shapes \(a) and \(b) do not broadcast")
        return max(x, y)
    }
}

/// Strides that read a tensor of `shape` as if it had the broadcast shape `target` (0 on broadcast axes).
func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
    let padded = [Int](repeating: 1, count: target.count - shape.count) + shape
    let strides = contiguousStrides(padded)
    return zip(padded, strides).map { size, stride in size == 1 ? 0 : stride }
}

/// A shape with per-operand strides, with adjacent axes merged wherever every operand allows.
struct StridedLayout {
    var shape: [Int]
    var strides: [[Int]]

    init(shape: [Int], strides: [[Int]]) {
        var mergedShape: [Int] = []
        var mergedStrides: [[Int]] = strides.map { _ in [] }
        for axis in shape.indices where shape[axis] != 1 {
            if let lastSize = mergedShape.last,
               strides.indices.allSatisfy({ mergedStrides[$0].last! == strides[$0][axis] * shape[axis] }) {
                mergedShape[mergedShape.count - 1] = lastSize * shape[axis]
                for operand in strides.indices { mergedStrides[operand][mergedStrides[operand].count - 1] = strides[operand][axis] }
            } else {
                mergedShape.append(shape[axis])
                for operand in strides.indices { mergedStrides[operand].append(strides[operand][axis]) }
            }
        }
        if mergedShape.isEmpty {
            mergedShape = [1]
            mergedStrides = strides.map { _ in [0] }
        }
        self.shape = mergedShape
        self.strides = mergedStrides
    }

    /// Calls `body(offsets, innerCount, innerStrides)` once per run of the innermost axis.
    /// Outer runs are split across threads when there is enough work.
    func forEachInnerRun(grain: Int = 1 << 14, _ body: ([Int], Int, [Int]) -> Void) {
        let inner = shape[shape.count - 1]
        let innerStrides = strides.map { $0[$0.count - 1] }
        let outerShape = Array(shape.dropLast())
        let outerCount = outerShape.reduce(1, *)
        parallelFor(outerCount, grain: max(1, grain / max(inner, 1))) { range in
            var index = [Int](repeating: 0, count: outerShape.count)
            var remainder = range.lowerBound
            for axis in stride(from: outerShape.count - 1, through: 0, by: -1) {
                index[axis] = remainder % outerShape[axis]
                remainder /= outerShape[axis]
            }
            var offsets = strides.map { operandStrides in zip(index, operandStrides).reduce(0) { $0 + $1.0 * $1.1 } }
            for _ in range {
                body(offsets, inner, innerStrides)
                // Advance the multi-index like an odometer, updating offsets incrementally.
                var axis = outerShape.count - 1
                while axis >= 0 {
                    index[axis] += 1
                    for operand in strides.indices { offsets[operand] += strides[operand][axis] }
                    if index[axis] < outerShape[axis] { break }
                    for operand in strides.indices { offsets[operand] -= strides[operand][axis] * outerShape[axis] }
                    index[axis] = 0
                    axis -= 1
                }
            }
        }
    }
}

/// Copies `source` read through `sourceStrides` into a new contiguous tensor of `shape`.
/// Permute (permuted strides) and expand (zero strides) are both this copy.
func stridedCopy(_ source: Tensor, shape: [Int], sourceStrides: [Int]) -> Tensor {
    let result = Tensor(uninitialized: shape)
    guard result.count > 0 else { return result }
    let layout = StridedLayout(shape: shape, strides: [contiguousStrides(shape), sourceStrides])
    let input = source.pointer, output = result.pointer
    layout.forEachInnerRun { offsets, count, strides in
        let outputOffset = offsets[0], inputOffset = offsets[1], inputStride = strides[1]
        if inputStride == 1 {
            (output + outputOffset).update(from: input + inputOffset, count: count)
        } else if inputStride == 0 {
            (output + outputOffset).update(repeating: input[inputOffset], count: count)
        } else {
            for item in 0..<count { output[outputOffset + item] = input[inputOffset + item * inputStride] }
        }
    }
    return result
}
