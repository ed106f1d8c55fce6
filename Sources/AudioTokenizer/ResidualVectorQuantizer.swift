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

    /// The nearest row to each vector by Euclidean distance, computed as HF does:
    /// argmax of −(‖x‖² − 2·x·e + ‖e‖²), the lower index on exact ties.
    /// vectors [count, dimension] → count codes
    func nearest(_ vectors: Tensor) -> [Int32] {
        let size = embed.shape[0], count = vectors.shape[0]
        let products = matmul(vectors, embed, transposeB: true)  // [count, size]
        let rowNorms = (embed * embed).sum(axes: [1]).toArray()  // [size]
        let vectorNorms = (vectors * vectors).sum(axes: [1]).toArray()  // [count]
        let dot = products.toArray()
        return (0..<count).map { row in
            var best = 0, bestScore = -Float.infinity
            for code in 0..<size {
                let score = -(vectorNorms[row] - 2 * dot[row * size + code] + rowNorms[code])
                if score > bestScore { (best, bestScore) = (code, score) }
            }
            return Int32(best)
        }
    }
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
            let codes = codebook.nearest(residual)
            residual = residual - embedding(codebook.embed, ids: codes, shape: [codes.count])
            return codes
        }
    }

    /// codes [levels][frames] → the summed codebook rows [frames, dimension]
    func decode(_ codes: [[Int32]]) -> Tensor {
        zip(codebooks, codes).map { codebook, level in embedding(codebook.embed, ids: level, shape: [level.count]) }
            .reduce(Tensor(zeros: [codes.first?.count ?? 0, codebooks[0].embed.shape[1]]), +)
    }
}
