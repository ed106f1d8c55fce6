import Tensor

/// For each of `count` points ([count, dimension], row-major) the index of the nearest of `rowCount`
/// rows ([rowCount, dimension]) in squared Euclidean distance.
///
/// Distances are ‖r‖² − 2·p·r (the ‖p‖² term does not change the argmin), accumulated in Double
/// so that only near-ties can differ from any other exact order.
func nearestRows(points: UnsafePointer<Float>, count: Int, rows: UnsafePointer<Float>, rowCount: Int,
                 dimension: Int) -> [Int32] {
    let squaredNorms = (0..<rowCount).map { row in
        (0..<dimension).reduce(0.0) { $0 + Double(rows[row * dimension + $1]) * Double(rows[row * dimension + $1]) }
    }
    var nearest = [Int32](repeating: 0, count: count)
    nearest.withUnsafeMutableBufferPointer { output in
        parallelFor(count, grain: 16) { range in
            for position in range {
                let point = points + position * dimension
                var best = (distance: Double.infinity, row: 0)
                for row in 0..<rowCount {
                    let candidate = rows + row * dimension
                    var dot = 0.0
                    for axis in 0..<dimension { dot += Double(point[axis]) * Double(candidate[axis]) }
                    let distance = squaredNorms[row] - 2 * dot
                    if distance < best.distance { best = (distance, row) }
                }
                output[position] = Int32(best.row)
            }
        }
    }
    return nearest
}

/// Each row of `x` (last axis) divided by its l2 norm, as `F.normalize(x, dim=-1)` does.
func l2NormalizedRows(_ x: Tensor) -> Tensor {
    x / (x.square().sum(axes: [x.rank - 1], keepDims: true) + 1e-24).sqrt()
}
