import Tensor

/// The two autograd ops spectrograms are built from besides matmul: framing and complex magnitude.
extension Tensor {
    // frames — backward: the frames' gradients overlap-added back onto the signal.
    /// Overlapping windows of signals: `[batch, samples]` → `[batch, frames, length]`, frame f
    /// holding samples f·hop ..< f·hop + length, with frames = 1 + (samples − length) / hop.
    public func frames(length: Int, hop: Int) -> Tensor {
        precondition(rank == 2 && length > 0 && hop > 0 && shape[1] >= length,
                     "frames of length \(length), hop \(hop) from a signal of shape \(shape)")
        let (batch, samples) = (shape[0], shape[1])
        let frameCount = 1 + (samples - length) / hop
        let result = Tensor(uninitialized: [batch, frameCount, length])
        let input = pointer, output = result.pointer
        parallelFor(batch * frameCount, grain: Swift.max(1, 8192 / length)) { range in
            for item in range {
                let (signal, frame) = item.quotientAndRemainder(dividingBy: frameCount)
                (output + item * length).update(from: input + signal * samples + frame * hop, count: length)
            }
        }
        return Tensor.record("frames", result, [self]) { dy in
            let dx = Tensor(zeros: [batch, samples])
            let upstream = dy.pointer, gradient = dx.pointer
            parallelFor(batch) { range in
                for signal in range {
                    for frame in 0..<frameCount {
                        let source = upstream + (signal * frameCount + frame) * length
                        let destination = gradient + signal * samples + frame * hop
                        for index in 0..<length { destination[index] += source[index] }
                    }
                }
            }
            return [dx]
        }
    }

    // complex magnitude — backward: d(re) = dy·re / |z|, d(im) = dy·im / |z| (0 where |z| = 0, as torch.abs).
    /// The magnitudes |z| of complex numbers stored as `[..., 2n]` (n real parts, then n
    /// imaginary parts) → `[..., n]`.
    public func complexMagnitude() -> Tensor {
        precondition(rank >= 1 && shape[rank - 1] % 2 == 0, "complex magnitude of shape \(shape)")
        let half = shape[rank - 1] / 2, rows = count / Swift.max(2 * half, 1)
        let result = Tensor(uninitialized: Array(shape.dropLast()) + [half])
        let input = pointer, output = result.pointer
        parallelFor(rows, grain: Swift.max(1, 16384 / Swift.max(half, 1))) { range in
            for row in range {
                let real = input + row * 2 * half, imaginary = real + half
                for index in 0..<half {
                    output[row * half + index] = (real[index] * real[index] + imaginary[index] * imaginary[index]).squareRoot()
                }
            }
        }
        let inputShape = shape
        return Tensor.record("complex_magnitude", result, [self]) { dy in
            let dx = Tensor(uninitialized: inputShape)
            let upstream = dy.pointer, gradient = dx.pointer
            parallelFor(rows, grain: Swift.max(1, 16384 / Swift.max(half, 1))) { range in
                for row in range {
                    for index in 0..<half {
                        let magnitude = output[row * half + index]
                        let scale = magnitude > 0 ? upstream[row * half + index] / magnitude : 0
                        gradient[row * 2 * half + index] = scale * input[row * 2 * half + index]
                        gradient[row * 2 * half + half + index] = scale * input[row * 2 * half + half + index]
                    }
                }
            }
            return [dx]
        }
    }
}
