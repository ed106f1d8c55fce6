import Tensor

/// `y = x·Wᵀ + b`, with PyTorch's weight layout [outputSize, inputSize].
public final class Linear: WeightBiasModule {
    public init(_ inputSize: Int, _ outputSize: Int, bias: Bool = true, generator: inout RandomGenerator) {
        super.init(weightShape: [outputSize, inputSize], biasSize: outputSize, fanIn: inputSize, bias: bias,
                   generator: &generator)
    }

    /// [..., inputSize] → [..., outputSize]
    public func callAsFunction(_ x: Tensor) -> Tensor {
        let projected = matmul(x, weight, transposeB: true)
        return bias.map { projected + $0 } ?? projected
    }
}

/// A lookup table of vectors, one row per token id.
public final class Embedding: Module {
    public let weight: Tensor

    public init(_ count: Int, _ dimension: Int, generator: inout RandomGenerator) {
        weight = Tensor.randomNormal([count, dimension], generator: &generator)
        super.init()
        register("weight", parameter: weight)
    }

    /// ids laid out as `shape` → shape + [dimension]
    public func callAsFunction(_ ids: [Int32], shape: [Int]) -> Tensor {
        embedding(weight, ids: ids, shape: shape)
    }
}
