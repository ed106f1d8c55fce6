import Foundation

/// The single-pass reduction behind the normalization ops: `Σ (a − shiftA)` and
/// `Σ (a − shiftA)(b − shiftB)` over `count` floats.
///
/// With `a = b = x` and both shifts a pivot close to the mean, this gives the mean and variance
/// of `x` without the cancellation of `E[x²] − E[x]²`; with `a = dy`, `b = x` and `shiftB` the
/// mean, the two sums a normalization backward needs. Sixteen-wide Float lanes accumulate runs of
/// `chunk` elements, and the runs add up in Double, so long rows keep Double-like accuracy.
@inline(__always)
func shiftedSums(_ a: UnsafePointer<Float>, minus shiftA: Float, _ b: UnsafePointer<Float>, minus shiftB: Float,
                 count: Int) -> (sum: Double, products: Double) {
    let chunk = 1024
    var sum = 0.0, products = 0.0
    var start = 0
    while start < count {
        let end = Swift.min(start + chunk, count)
        var laneSums = SIMD16<Float>(), laneProducts = SIMD16<Float>()
        var index = start
        while index + 16 <= end {
            let left = UnsafeRawPointer(a + index).loadUnaligned(as: SIMD16<Float>.self) - shiftA
            let right = UnsafeRawPointer(b + index).loadUnaligned(as: SIMD16<Float>.self) - shiftB
            laneSums += left
            laneProducts += left * right  // not addProduct: without FMA in the target it is a libm call per lane
            index += 16
        }
        var tailSum: Float = 0, tailProducts: Float = 0
        while index < end {
            let left = a[index] - shiftA
            tailSum += left
            tailProducts += left * (b[index] - shiftB)
            index += 1
        }
        sum += Double(laneSums.sum()) + Double(tailSum)
        products += Double(laneProducts.sum()) + Double(tailProducts)
        start = end
    }
    return (sum, products)
}

/// Mean and 1/√(variance + epsilon) of `count` floats (biased variance, as PyTorch's norms use).
/// With `centered` false the mean is taken as 0 and the variance is the mean square (RMSNorm).
@inline(__always)
func normalizationStatistics(_ x: UnsafePointer<Float>, count: Int, epsilon: Float,
                             centered: Bool) -> (mean: Float, inverseStd: Float) {
    let pivot = centered ? x[0] : 0
    let (sum, squares) = shiftedSums(x, minus: pivot, x, minus: pivot, count: count)
    let shiftedMean = centered ? sum / Double(count) : 0
    let variance = Swift.max(squares / Double(count) - shiftedMean * shiftedMean, 0)
    return (Float(Double(pivot) + shiftedMean), Float(1 / (variance + Double(epsilon)).squareRoot()))
}

/// The affine parameters of a normalization over `count` features: the given weight and bias, or
/// ones and zeros in their place, so kernels run one loop either way.
func affineParameters(_ name: String, weight: Tensor?, bias: Tensor?, count: Int) -> (weight: Tensor, bias: Tensor) {
    for parameter in [weight, bias].compactMap({ $0 }) {
        precondition(parameter.shape == [count], "\(name): affine parameter \(parameter.shape), expected [\(count)]")
    }
    return (weight ?? Tensor(shape: [count], repeating: 1), bias ?? Tensor(zeros: [count]))
}

/// The inputs a normalization records: x, then weight and bias where given.
func normalizationInputs(_ x: Tensor, weight: Tensor?, bias: Tensor?) -> [Tensor] {
    [x] + [weight, bias].compactMap { $0 }
}

/// The gradients of `normalizationInputs`, in the same order.
func normalizationGradients(input: Tensor?, weight: Tensor?, bias: Tensor?,
                            hasWeight: Bool, hasBias: Bool) -> [Tensor?] {
    [input] + (hasWeight ? [weight] : []) + (hasBias ? [bias] : [])
}
