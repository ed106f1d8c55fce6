import Foundation
import Tensor

/// New embedding rows as Hugging Face `transformers` initialises them with `mean_resizing=True`
/// (`_init_added_embeddings_weights_with_mean`): samples from a normal distribution with the old
/// rows' mean and 1e-9 times their covariance, or the mean itself when that covariance is not
/// positive definite.
public enum MeanResizing {
    /// The covariance scale transformers uses.
    public static let covarianceScale = 1e-9

    /// `weight` ([rows, width]) with `newRows` rows: the old rows unchanged, then the new ones.
    public static func resized(_ weight: Tensor, to newRows: Int, generator: inout RandomGenerator) -> Tensor {
        let (rows, width) = (weight.shape[0], weight.shape[1])
        let result = Tensor(zeros: [newRows, width])
        result.pointer.update(from: weight.pointer, count: rows * width)
        guard newRows > rows else { return result }
        let mean = columnMeans(weight)  // [width]
        let factor = cholesky(covariance(weight, mean: mean).map { $0 * covarianceScale }, size: width)  // lower, [width, width]
        for row in rows..<newRows {
            let noise = (0..<width).map { _ in Double(generator.nextNormal()) }
            for column in 0..<width {
                var value = mean[column]
                if let factor { for inner in 0...column { value += factor[column * width + inner] * noise[inner] } }
                result.pointer[row * width + column] = Float(value)
            }
        }
        return result
    }

    /// The mean of each column of `weight` ([rows, width]), in Double.
    static func columnMeans(_ weight: Tensor) -> [Double] {
        let (rows, width) = (weight.shape[0], weight.shape[1])
        var sums = [Double](repeating: 0, count: width)
        for row in 0..<rows { for column in 0..<width { sums[column] += Double(weight.pointer[row * width + column]) } }
        return sums.map { $0 / Double(rows) }
    }

    /// Centered Xᵀ·X / rows ([width, width]) by one GEMM on the centered rows.
    static func covariance(_ weight: Tensor, mean: [Double]) -> [Double] {
        let (rows, width) = (weight.shape[0], weight.shape[1])
        let centered = Tensor(uninitialized: [rows, width])  // [rows, width]
        for row in 0..<rows {
            for column in 0..<width { centered.pointer[row * width + column] = weight.pointer[row * width + column] - Float(mean[column]) }
        }
        let product = Tensor(zeros: [width, width])  // [width, width]
        BLAS.gemm(transposeA: true, m: width, n: width, k: rows, a: centered.pointer, lda: width, b: centered.pointer, ldb: width,
                  c: product.pointer, ldc: width)
        return (0..<(width * width)).map { Double(product.pointer[$0]) / Double(rows) }
    }

    /// The lower Cholesky factor of the symmetric `matrix` ([size, size]), or nil when it is not
    /// positive definite (a pivot is not positive).
    static func cholesky(_ matrix: [Double], size: Int) -> [Double]? {
        var lower = [Double](repeating: 0, count: size * size)
        for row in 0..<size {
            for column in 0...row {
                var sum = matrix[row * size + column]
                for inner in 0..<column { sum -= lower[row * size + inner] * lower[column * size + inner] }
                if row == column {
                    guard sum > 0, sum.isFinite else { return nil }
                    lower[row * size + row] = sum.squareRoot()
                } else {
                    lower[row * size + column] = sum / lower[column * size + column]
                }
            }
        }
        return lower
    }
}
