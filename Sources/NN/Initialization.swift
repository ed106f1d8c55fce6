import Tensor

/// A module with one weight and an optional bias, drawn U(−1/√fanIn, 1/√fanIn) as PyTorch's
/// default initialisation of Linear and Conv layers does (kaiming_uniform with a = √5).
open class WeightBiasModule: Module {
    public let weight: Tensor
    public let bias: Tensor?

    public init(weightShape: [Int], biasSize: Int, fanIn: Int, bias: Bool, generator: inout RandomGenerator) {
        let bound = 1 / Float(fanIn).squareRoot()
        weight = Tensor.randomUniform(weightShape, low: -bound, high: bound, generator: &generator)
        self.bias = bias ? Tensor.randomUniform([biasSize], low: -bound, high: bound, generator: &generator) : nil
        super.init()
        register("weight", parameter: weight)
        if let bias = self.bias { register("bias", parameter: bias) }
    }
}
