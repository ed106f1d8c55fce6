import NN
import Tensor

/// The codebook (HF `JanusVQVAEVectorQuantizer`, key `embedding.weight`, [codebookSize, dimension]).
///
/// `codes` picks the row nearest the latent in squared distance to the RAW rows (the latent is
/// not normalised); `latents(for:)` looks codes up and l2-normalises each row, as HF's
/// `get_codebook_entry` does for decoding.
public final class VectorQuantizer: Module {
    /// The codebook rows, [codebookSize, dimension].
    public let embedding: Tensor

    init(codebookSize: Int, dimension: Int, generator: inout RandomGenerator) {
        embedding = Tensor.randomNormal([codebookSize, dimension], generator: &generator)
        super.init()
        register("embedding.weight", parameter: embedding)
    }

    /// Number of codebook rows.
    public var codebookSize: Int { embedding.shape[0] }
    /// Dimension of a row.
    public var dimension: Int { embedding.shape[1] }

    /// The nearest row of each position, row-major over [batch, height, width].
    ///
    /// `latents` is [batch, dimension, height, width]. Distances are ‖e‖² − 2·z·e (the ‖z‖² term
    /// does not change the argmin), accumulated in Double so that only near-ties can differ from
    /// any other exact order.
    public func codes(_ latents: Tensor) -> [Int32] {
        let (batch, height, width) = (latents.shape[0], latents.shape[2], latents.shape[3])
        let points = latents.permuted([0, 2, 3, 1]).toArray()  // [batch·height·width, dimension]
        let rows = embedding.toArray()                                   // [codebookSize, dimension]
        let (size, dimension) = (codebookSize, self.dimension)
        let squaredNorms = (0..<size).map { row in
            (0..<dimension).reduce(0.0) { $0 + Double(rows[row * dimension + $1]) * Double(rows[row * dimension + $1]) }
        }
        var codes = [Int32](repeating: 0, count: batch * height * width)
        codes.withUnsafeMutableBufferPointer { output in
            parallelFor(output.count, grain: 16) { range in
                for position in range {
                    var best = (distance: Double.infinity, row: 0)
                    for row in 0..<size {
                        var dot = 0.0
                        for axis in 0..<dimension {
                            dot += Double(points[position * dimension + axis]) * Double(rows[row * dimension + axis])
                        }
                        let distance = squaredNorms[row] - 2 * dot
                        if distance < best.distance { best = (distance, row) }
                    }
                    output[position] = Int32(best.row)
                }
            }
        }
        return codes
    }

    /// The l2-normalised rows of `codes` as a latent map [batch, dimension, height, width].
    /// Throws `ImageTokenizerError` when the codes do not fill the grid or one lies outside the codebook.
    public func latents(for codes: [Int32], batch: Int, height: Int, width: Int) throws -> Tensor {
        guard batch >= 0, height >= 0, width >= 0, codes.count == batch * height * width else {
            throw ImageTokenizerError("\(codes.count) codes do not fill a \(batch)×\(height)×\(width) grid")
        }
        if let bad = codes.first(where: { $0 < 0 || Int($0) >= codebookSize }) {
            throw ImageTokenizerError("code \(bad) lies outside the codebook of \(codebookSize)")
        }
        let rows = Tensor(zeros: [codes.count, dimension])  // [positions, dimension]
        for (position, code) in codes.enumerated() {
            let source = embedding.pointer + Int(code) * dimension
            let norm = (0..<dimension).reduce(Float(0)) { $0 + source[$1] * source[$1] }.squareRoot()
            let scale = 1 / Swift.max(norm, 1e-12)  // F.normalize's epsilon
            for axis in 0..<dimension { rows.pointer[position * dimension + axis] = source[axis] * scale }
        }
        return rows.reshaped([batch, height, width, dimension]).permuted([0, 3, 1, 2])
    }
}
