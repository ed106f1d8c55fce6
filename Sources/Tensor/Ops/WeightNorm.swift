import Foundation

// weight_norm — backward: per slice o, with n = ‖v[o]‖ and s = Σ dw·v[o],
// dg[o] = s / n and dv[o] = (g[o] / n)·(dw − v[o]·s / n²).
/// Weight normalization over every axis but the first (torch._weight_norm(v, g, 0), as
/// torch.nn.utils.weight_norm with dim 0): `magnitude · direction / ‖direction‖`, one norm per
/// slice `direction[o]`. Magnitude is [out] or [out, 1, 1, ...]; the result has direction's shape.
public func weightNorm(direction: Tensor, magnitude: Tensor) -> Tensor {
    precondition(direction.rank >= 1 && direction.shape[0] > 0, "weightNorm of direction \(direction.shape)")
    let rows = direction.shape[0], width = direction.count / rows
    precondition(magnitude.count == rows && magnitude.shape.first == rows,
                 "weightNorm: magnitude \(magnitude.shape) for direction \(direction.shape)")
    let result = Tensor(uninitialized: direction.shape)
    let norms = Tensor(uninitialized: [rows])
    let rowGrain = Swift.max(1, (1 << 14) / Swift.max(width, 1))
    let vectors = direction.pointer, gains = magnitude.pointer, output = result.pointer
    parallelFor(rows, grain: rowGrain) { range in
        for row in range {
            let source = vectors + row * width, destination = output + row * width  // [width]
            let norm = Float(shiftedSums(source, minus: 0, source, minus: 0, count: width).products.squareRoot())
            norms.pointer[row] = norm
            let factor = gains[row] / norm
            for column in 0..<width { destination[column] = source[column] * factor }
        }
    }
    return Tensor.record("weight_norm", result, [direction, magnitude]) { dw in
        // Pointers taken from the captured tensors, which keep their storage alive.
        let vectors = direction.pointer, gains = magnitude.pointer, upstream = dw.pointer
        let dv = direction.requiresGrad ? Tensor(uninitialized: direction.shape) : nil
        let dg = Tensor(uninitialized: magnitude.shape)
        parallelFor(rows, grain: rowGrain) { range in
            for row in range {
                let source = vectors + row * width, rowUpstream = upstream + row * width  // [width]
                let norm = norms.pointer[row]
                let dot = Float(shiftedSums(rowUpstream, minus: 0, source, minus: 0, count: width).products)
                dg.pointer[row] = dot / norm
                guard let dv else { continue }
                let factor = gains[row] / norm, projection = factor * dot / (norm * norm)
                let destination = dv.pointer + row * width
                for column in 0..<width {
                    destination[column] = factor * rowUpstream[column] - projection * source[column]
                }
            }
        }
        return [dv, magnitude.requiresGrad ? dg : nil]
    }
}
