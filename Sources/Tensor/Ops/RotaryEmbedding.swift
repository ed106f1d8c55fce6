import Foundation

// rotary_embedding — backward: the inverse rotation (the same angles, sine negated) of the
// output gradient.
/// Rotary position embedding in the Hugging Face Llama convention: `x·cos + rotate_half(x)·sin`
/// with rotate_half(x) = cat(−x₂, x₁) and angles positions[t]·θ^(−2i/headDim), i < headDim/2,
/// repeated for both halves.
///
/// `x` is [batch, heads, time, headDim] (headDim even), `positions` has one entry per time step.
public func rotaryEmbedding(_ x: Tensor, positions: [Int], theta: Float) -> Tensor {
    precondition(x.rank == 4, "rotaryEmbedding: x must be [batch, heads, time, headDim], got \(x.shape)")
    let (time, headDim) = (x.shape[2], x.shape[3])
    precondition(positions.count == time, "rotaryEmbedding: \(positions.count) positions for time \(time)")
    precondition(headDim % 2 == 0, "rotaryEmbedding: odd headDim \(headDim)")
    let half = headDim / 2
    // inv_freq in float32 exactly as transformers computes it: 1 / θ^(float(2i) / headDim).
    let inverseFrequencies = (0..<half).map { 1 / Foundation.pow(theta, Float(2 * $0) / Float(headDim)) }
    var cosines = [Float](repeating: 0, count: time * half), sines = cosines
    for (step, position) in positions.enumerated() {
        for index in 0..<half {
            let angle = Float(position) * inverseFrequencies[index]
            cosines[step * half + index] = Foundation.cos(angle)
            sines[step * half + index] = Foundation.sin(angle)
        }
    }
    let result = rotateHalves(x, cosines: cosines, sines: sines, sineSign: 1)
    return Tensor.record("rotary_embedding", result, [x]) { dy in
        [rotateHalves(dy, cosines: cosines, sines: sines, sineSign: -1)]
    }
}

/// Rotates each pair (x[i], x[i + headDim/2]) of every row of `x` [..., time, headDim] by the
/// angle whose cosine and (`sineSign`·) sine the tables hold for the row's time step.
private func rotateHalves(_ x: Tensor, cosines: [Float], sines: [Float], sineSign: Float) -> Tensor {
    let (time, headDim) = (x.shape[x.rank - 2], x.shape[x.rank - 1])
    let half = headDim / 2, rows = x.count / Swift.max(headDim, 1)
    let result = Tensor(uninitialized: x.shape)
    let input = x.pointer, output = result.pointer
    cosines.withUnsafeBufferPointer { cosineTable in
        sines.withUnsafeBufferPointer { sineTable in
            parallelFor(rows, grain: Swift.max(1, (1 << 14) / Swift.max(headDim, 1))) { range in
                for row in range {
                    let source = input + row * headDim, destination = output + row * headDim
                    let cosine = cosineTable.baseAddress! + (row % time) * half
                    let sine = sineTable.baseAddress! + (row % time) * half
                    for index in 0..<half {
                        let first = source[index], second = source[index + half], s = sineSign * sine[index]
                        destination[index] = first * cosine[index] - second * s
                        destination[index + half] = second * cosine[index] + first * s
                    }
                }
            }
        }
    }
    return result
}
