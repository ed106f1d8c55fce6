import Tensor

/// A stack of LSTM layers with PyTorch's `nn.LSTM` keys (`weight_ih_l0`, `bias_hh_l1`, …).
public final class LSTM: Module {
    public let layers: [(weightInput: Tensor, weightHidden: Tensor, biasInput: Tensor, biasHidden: Tensor)]

    public init(inputSize: Int, hiddenSize: Int, layers layerCount: Int, generator: inout RandomGenerator) {
        let bound = 1 / Float(hiddenSize).squareRoot()  // PyTorch: U(−1/√hidden, 1/√hidden) for all
        func draw(_ shape: [Int]) -> Tensor { Tensor.randomUniform(shape, low: -bound, high: bound, generator: &generator) }
        layers = (0..<layerCount).map { layer in
            (draw([4 * hiddenSize, layer == 0 ? inputSize : hiddenSize]), draw([4 * hiddenSize, hiddenSize]),
             draw([4 * hiddenSize]), draw([4 * hiddenSize]))
        }
        super.init()
        for (index, layer) in layers.enumerated() {
            register("weight_ih_l\(index)", parameter: layer.weightInput)
            register("weight_hh_l\(index)", parameter: layer.weightHidden)
            register("bias_ih_l\(index)", parameter: layer.biasInput)
            register("bias_hh_l\(index)", parameter: layer.biasHidden)
        }
    }

    /// [time, batch, inputSize] → [time, batch, hiddenSize]
    public func callAsFunction(_ x: Tensor) -> Tensor {
        layers.reduce(x) { input, layer in
            lstm(input, weightInput: layer.weightInput, weightHidden: layer.weightHidden,
                 biasInput: layer.biasInput, biasHidden: layer.biasHidden)
        }
    }
}
