import Foundation

// layer_norm — backward: per row, with r = 1/std, x̂ = (x − μ)·r and g = dy·w,
// dx = r·(g − mean(g) − x̂·mean(g·x̂)); dw = Σ_rows dy·x̂; db = Σ_rows dy.
/// Layer normalization over the last axis (torch.nn.functional.layer_norm over the last
/// dimension): `(x − mean) / √(variance + epsilon) · weight + bias`, weight and bias of shape
/// [lastAxis].
public func layerNorm(_ x: Tensor, weight: Tensor?, bias: Tensor?, epsilon: Float) -> Tensor {
    normalizeLastAxis("layer_norm", x, weight: weight, bias: bias, epsilon: epsilon, centered: true)
}

// rms_norm — backward: per row, with r = 1/√(mean(x²) + ε), x̂ = x·r and g = dy·w,
// dx = r·(g − x̂·mean(g·x̂)); dw = Σ_rows dy·x̂.
/// RMS normalization over the last axis, as Hugging Face's LlamaRMSNorm:
/// `weight · (x / √(mean(x²) + epsilon))`, weight of shape [lastAxis].
public func rmsNorm(_ x: Tensor, weight: Tensor?, epsilon: Float) -> Tensor {
    normalizeLastAxis("rms_norm", x, weight: weight, bias: nil, epsilon: epsilon, centered: false)
}

/// Normalizes every row of the last axis, centered (LayerNorm) or not (RMSNorm), then applies the
/// affine parameters. Saves each row's mean and 1/std for the fused backward.
private func normalizeLastAxis(_ name: String, _ x: Tensor, weight: Tensor?, bias: Tensor?, epsilon: Float,
                               centered: Bool) -> Tensor {
    precondition(x.rank >= 1 && x.shape[x.rank - 1] > 0, "\(name) of shape \(x.shape)")
    let width = x.shape[x.rank - 1], rows = x.count / width
    let (scale, shift) = affineParameters(name, weight: weight, bias: bias, count: width)
    let result = Tensor(uninitialized: x.shape)
    let means = Tensor(uninitialized: [rows]), inverseStds = Tensor(uninitialized: [rows])
    let input = x.pointer, output = result.pointer, scales = scale.pointer, shifts = shift.pointer
    let rowGrain = Swift.max(1, (1 << 14) / width)
    parallelFor(rows, grain: rowGrain) { range in
        for row in range {
            let source = input + row * width, destination = output + row * width  // [width]
            let (mean, inverseStd) = normalizationStatistics(source, count: width, epsilon: epsilon, centered: centered)
            means.pointer[row] = mean
            inverseStds.pointer[row] = inverseStd
            for column in 0..<width {
                destination[column] = (source[column] - mean) * inverseStd * scales[column] + shifts[column]
            }
        }
    }
    return Tensor.record(name, result, normalizationInputs(x, weight: weight, bias: bias)) { dy in
        // Pointers taken from the captured tensors, which keep their storage alive.
        let input = x.pointer, scales = scale.pointer, upstream = dy.pointer
        let mean = means.pointer, inverseStd = inverseStds.pointer
        var dx: Tensor?
        if x.requiresGrad {
            let gradient = Tensor(uninitialized: x.shape)
            parallelFor(rows, grain: rowGrain) { range in
                for row in range {
                    let source = input + row * width, rowUpstream = upstream + row * width
                    let destination = gradient.pointer + row * width  // [width], holds g = dy·w first
                    for column in 0..<width { destination[column] = rowUpstream[column] * scales[column] }
                    let (sumG, sumGCentered) = shiftedSums(destination, minus: 0, source, minus: mean[row], count: width)
                    let r = inverseStd[row]
                    let meanG = centered ? Float(sumG / Double(width)) : 0
                    let meanGNormalized = Float(sumGCentered / Double(width)) * r
                    for column in 0..<width {
                        let normalized = (source[column] - mean[row]) * r
                        destination[column] = r * (destination[column] - meanG - normalized * meanGNormalized)
                    }
                }
            }
            dx = gradient
        }
        let needsWeight = weight?.requiresGrad ?? false, needsBias = bias?.requiresGrad ?? false
        let dw = Tensor(zeros: [width]), db = Tensor(zeros: [width])
        if needsWeight || needsBias {
            // Column sums over rows, split by column ranges so threads never share an accumulator.
            let weightGradient = dw.pointer, biasGradient = db.pointer
            parallelFor(width, grain: Swift.max(16, (1 << 14) / rows)) { columns in
                for row in 0..<rows {
                    let source = input + row * width, rowUpstream = upstream + row * width
                    let rowMean = mean[row], r = inverseStd[row]
                    for column in columns {
                        weightGradient[column] += rowUpstream[column] * (source[column] - rowMean) * r
                        biasGradient[column] += rowUpstream[column]
                    }
                }
            }
        }
        return normalizationGradients(input: dx, weight: needsWeight ? dw : nil, bias: needsBias ? db : nil,
                                      hasWeight: weight != nil, hasBias: bias != nil)
    }
}
