import NN
import Tensor

/// The codebook (HF `JanusVQVAEVectorQuantizer`, key `embedding.weight`, [codebookSize, dimension]).
///
/// `codes` picks the row nearest the latent in squared distance to the RAW rows (the latent is
/// not normalised). With `l2Normalized` (Janus/LlamaGen, HF's only mode) `latents(for:)` looks
/// codes up and l2-normalises each row, as HF's `get_codebook_entry` does, and training compares
/// unit latents with unit rows; without it (plain nearest-code VQ) rows are used as they are.
public final class VectorQuantizer: Module {
    /// The codebook rows, [codebookSize, dimension].
    public let embedding: Tensor
    /// Whether rows (and, in training, latents) are l2-normalised before use.
    public let l2Normalized: Bool

    init(codebookSize: Int, dimension: Int, l2Normalized: Bool, generator: inout RandomGenerator) {
        embedding = Tensor.randomNormal([codebookSize, dimension], generator: &generator)
        self.l2Normalized = l2Normalized
        super.init()
        register("embedding.weight", parameter: embedding)
    }

    /// Number of codebook rows.
    public var codebookSize: Int { embedding.shape[0] }
    /// Dimension of a row.
    public var dimension: Int { embedding.shape[1] }

    /// The nearest row of each position, row-major over [batch, height, width].
    ///
    /// `latents` is [batch, dimension, height, width]; the search is over the raw rows and the raw
    /// latent (HF's semantics; a codebook trained here is stored with unit rows, so this equals the
    /// cosine search it was trained with).
    public func codes(_ latents: Tensor) -> [Int32] {
        let points = latents.permuted([0, 2, 3, 1])  // [batch, height, width, dimension]
        return nearestRows(points: points.pointer, count: points.count / dimension, rows: embedding.pointer,
                           rowCount: codebookSize, dimension: dimension)
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
        let rows = gatherRows(usableRows, codes, shape: [batch, height, width])  // [batch, height, width, dimension]
        return rows.permuted([0, 3, 1, 2])
    }
}

extension VectorQuantizer {
    /// The rows as the decoder sees them: l2-normalised in the Janus mode, raw otherwise. [codebookSize, dimension]
    var usableRows: Tensor { l2Normalized ? l2NormalizedRows(embedding) : embedding }
}

/// `embedding(table, ids:shape:)` from the Tensor module (the quantizer's `embedding` property shadows it inside the class).
func gatherRows(_ table: Tensor, _ ids: [Int32], shape: [Int]) -> Tensor {
    embedding(table, ids: ids, shape: shape)
}
