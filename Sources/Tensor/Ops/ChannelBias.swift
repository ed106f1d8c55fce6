import Foundation

/// Per-channel bias for [batch, channels, ...] tensors: filling planes with it, and its
/// gradient (the sum of each channel over batch and positions).

/// Sets `positions` of each of `channels` planes of `size` floats to its channel's bias
/// value (zero without bias).
func fillChannels(_ planes: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>?, channels: Int, size: Int,
                  positions: Range<Int>) {
    parallelFor(channels, grain: Swift.max(1, (1 << 18) / Swift.max(positions.count, 1))) { range in
        for channel in range {
            (planes + channel * size + positions.lowerBound).update(repeating: bias?[channel] ?? 0, count: positions.count)
        }
    }
}

/// The sum of each channel of `gradient` ([batch, channels, ...]): the gradient of a bias
/// added to every position.
func channelSums(_ gradient: Tensor) -> Tensor {
    let batch = gradient.shape[0], channels = gradient.shape[1]
    let size = gradient.shape.dropFirst(2).reduce(1, *)
    let result = Tensor(uninitialized: [channels])
    let input = gradient.pointer, output = result.pointer
    parallelFor(channels, grain: Swift.max(1, (1 << 16) / Swift.max(batch * size, 1))) { range in
        for channel in range {
            var total: Float = 0
            for item in 0..<batch { total += contiguousSum(input + (item * channels + channel) * size, count: size) }
            output[channel] = total
        }
    }
    return result
}

/// The sum of `count` contiguous floats, kept in 16 partial sums so the loop vectorizes.
@inline(__always)
func contiguousSum(_ values: UnsafePointer<Float>, count: Int) -> Float {
    let lanes = 16
    var partial = SIMD16<Float>()
    let raw = UnsafeRawPointer(values)
    var index = 0
    while index + lanes <= count {
        partial += raw.loadUnaligned(fromByteOffset: index * MemoryLayout<Float>.stride, as: SIMD16<Float>.self)
        index += lanes
    }
    var total = partial.sum()
    while index < count {
        total += values[index]
        index += 1
    }
    return total
}
