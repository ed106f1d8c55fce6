import Foundation

// group_norm — backward: per (batch item, group) of M elements, with r = 1/std, x̂ = (x − μ)·r and
// g = dy·w[channel], dx = r·(g − Σg/M − x̂·Σ(g·x̂)/M); dw[c] = Σ dy·x̂ and db[c] = Σ dy over the
// batch and all positions of channel c.
/// Group normalization (torch.nn.functional.group_norm): x is [batch, channels, ...spatial]; the
/// channels split into `groups` consecutive groups, each normalized over its channels and every
/// spatial position; weight and bias are [channels].
///
/// Each (batch item, group) block is contiguous, so the work runs as one parallel loop over blocks
/// with single-pass statistics and per-channel scale-and-shift.
public func groupNorm(_ x: Tensor, groups: Int, weight: Tensor?, bias: Tensor?, epsilon: Float) -> Tensor {
    precondition(x.rank >= 2 && groups > 0 && x.shape[1] % groups == 0, "groupNorm: \(groups) groups for shape \(x.shape)")
    let batch = x.shape[0], channels = x.shape[1], spatial = x.shape[2...].reduce(1, *)
    let groupChannels = channels / groups, blockSize = groupChannels * spatial
    precondition(blockSize > 0, "groupNorm: empty groups in shape \(x.shape)")
    let (scale, shift) = affineParameters("groupNorm", weight: weight, bias: bias, count: channels)
    let blocks = batch * groups, blockGrain = Swift.max(1, (1 << 15) / blockSize)
    let result = Tensor(uninitialized: x.shape)
    let means = Tensor(uninitialized: [blocks]), inverseStds = Tensor(uninitialized: [blocks])
    let input = x.pointer, output = result.pointer, scales = scale.pointer, shifts = shift.pointer
    parallelFor(blocks, grain: blockGrain) { range in
        for block in range {
            let (mean, inverseStd) = normalizationStatistics(input + block * blockSize, count: blockSize,
                                                             epsilon: epsilon, centered: true)
            means.pointer[block] = mean
            inverseStds.pointer[block] = inverseStd
            let firstChannel = (block % groups) * groupChannels
            for member in 0..<groupChannels {
                // y = x·a + b with a = r·w[c], b = bias[c] − μ·a.
                let a = inverseStd * scales[firstChannel + member], b = shifts[firstChannel + member] - mean * a
                let offset = (block * groupChannels + member) * spatial
                let source = input + offset, destination = output + offset  // [spatial]
                for position in 0..<spatial { destination[position] = source[position] * a + b }
            }
        }
    }
    return Tensor.record("group_norm", result, normalizationInputs(x, weight: weight, bias: bias)) { dy in
        // Pointers taken from the captured tensors, which keep their storage alive.
        let input = x.pointer, scales = scale.pointer, upstream = dy.pointer
        // Per (batch item, channel): Σ dy and Σ dy·x̂, summed over the batch for dw and db below.
        let channelSums = Tensor(uninitialized: [batch, channels]), channelProducts = Tensor(uninitialized: [batch, channels])
        let dx = x.requiresGrad ? Tensor(uninitialized: x.shape) : nil
        parallelFor(blocks, grain: blockGrain) { range in
            for block in range {
                let mean = means.pointer[block], r = inverseStds.pointer[block]
                let firstChannel = (block % groups) * groupChannels
                var sumG = 0.0, sumGNormalized = 0.0
                for member in 0..<groupChannels {
                    let offset = (block * groupChannels + member) * spatial, channel = firstChannel + member
                    let (sum, centered) = shiftedSums(upstream + offset, minus: 0, input + offset, minus: mean, count: spatial)
                    channelSums.pointer[block * groupChannels + member] = Float(sum)
                    channelProducts.pointer[block * groupChannels + member] = Float(centered) * r
                    sumG += Double(scales[channel]) * sum
                    sumGNormalized += Double(scales[channel]) * centered * Double(r)
                }
                guard let dx else { continue }
                // dx = A·dy + B·(x − μ) + C with A = r·w[c], B = −r²·mean(g·x̂), C = −r·mean(g).
                let meanG = Float(sumG / Double(blockSize)), meanGNormalized = Float(sumGNormalized / Double(blockSize))
                let b = -r * r * meanGNormalized, c = -r * meanG
                for member in 0..<groupChannels {
                    let offset = (block * groupChannels + member) * spatial
                    let a = r * scales[firstChannel + member], constant = c - b * mean
                    let source = input + offset, gradient = upstream + offset, destination = dx.pointer + offset
                    for position in 0..<spatial {
                        destination[position] = a * gradient[position] + b * source[position] + constant
                    }
                }
            }
        }
        let needsWeight = weight?.requiresGrad ?? false, needsBias = bias?.requiresGrad ?? false
        return normalizationGradients(input: dx,
                                      weight: needsWeight ? channelProducts.sum(axes: [0]) : nil,
                                      bias: needsBias ? channelSums.sum(axes: [0]) : nil,
                                      hasWeight: weight != nil, hasBias: bias != nil)
    }
}

