import Tensor
import NN

/// One codebook of a residual vector quantizer, under HF's key `codebook.embed`.
final class EncodecCodebook: Module {
    /// [codebookSize, dimension]
    let embed: Tensor

    init(size: Int, dimension: Int) {
        embed = Tensor(zeros: [size, dimension])
        super.init()
        register("codebook.embed", parameter: embed)
    }

    /// The nearest row to each vector (see `nearestRows`). vectors [count, dimension] → count codes
    func nearest(_ vectors: Tensor) -> [Int32] { nearestRows(of: vectors, in: embed) }

    /// The rows of `codes`, without gradient. codes [count] → [count, dimension]
    func rows(_ codes: [Int32]) -> Tensor { withoutGradient { embedding(embed, ids: codes, shape: [codes.count]) } }

    /// One residual-quantization step: each vector's nearest code and that row.
    /// vectors [count, dimension] → codes [count], rows [count, dimension]
    func quantize(_ vectors: Tensor) -> (codes: [Int32], rows: Tensor) {
        let codes = nearest(vectors)
        return (codes, rows(codes))
    }
}

/// The nearest row of `table` to each vector by Euclidean distance, computed as HF's EnCodec does:
/// argmax of −(‖x‖² − 2·x·e + ‖e‖²), the lower index on exact ties.
/// vectors [count, dimension], table [size, dimension] → count row indices
func nearestRows(of vectors: Tensor, in table: Tensor) -> [Int32] {
    let size = table.shape[0], count = vectors.shape[0]
    let products = withoutGradient { matmul(vectors, table, transposeB: true) }  // [count, size]
    let rowNorms = squaredNorms(of: table), vectorNorms = squaredNorms(of: vectors)  // [size], [count]
    let dot = products.pointer
    var codes = [Int32](repeating: 0, count: count)
    codes.withUnsafeMutableBufferPointer { output in
        let output = output.baseAddress!
        parallelFor(count, grain: Swift.max(1, 65536 / Swift.max(size, 1))) { range in
            for row in range {
                var best = 0, bestScore = -Float.infinity
                for code in 0..<size {
                    let score = -(vectorNorms[row] - 2 * dot[row * size + code] + rowNorms[code])
                    if score > bestScore { (best, bestScore) = (code, score) }
                }
                output[row] = Int32(best)
            }
        }
    }
    return codes
}

/// Residual vector quantization: each level codes what the previous levels left, under `layers.<k>`.
final class ResidualVectorQuantizer: Module {
    let codebooks: [EncodecCodebook]

    init(levels: Int, size: Int, dimension: Int) {
        codebooks = (0..<levels).map { _ in EncodecCodebook(size: size, dimension: dimension) }
        super.init()
        for (index, codebook) in codebooks.enumerated() { register("layers.\(index)", module: codebook) }
    }

    /// embeddings [frames, dimension] → codes [levels][frames]
    func encode(_ embeddings: Tensor, levels: Int) -> [[Int32]] {
        var residual = embeddings  // [frames, dimension]
        return codebooks.prefix(levels).map { codebook in
            let (codes, rows) = codebook.quantize(residual)
            residual = residual - rows
            return codes
        }
    }

    /// codes [levels][frames] → the summed codebook rows [frames, dimension]
    func decode(_ codes: [[Int32]]) -> Tensor {
        zip(codebooks, codes).map { codebook, level in codebook.rows(level) }
            .reduce(Tensor(zeros: [codes.first?.count ?? 0, codebooks[0].embed.shape[1]]), +)
    }
}

/// ‖row‖² of every row of a [rows, dimension] tensor.
private func squaredNorms(of matrix: Tensor) -> [Float] {
    let dimension = matrix.shape[1], values = matrix.pointer
    return (0..<matrix.shape[0]).map { row in
        var total: Float = 0
        for index in 0..<dimension { total += values[row * dimension + index] * values[row * dimension + index] }
        return total
    }
}
