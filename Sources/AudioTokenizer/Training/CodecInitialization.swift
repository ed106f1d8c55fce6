import NN
import Tensor

extension EncodecModel {
    /// Fresh weights for training, drawn from `seed`: every convolution as PyTorch initialises a
    /// `Conv1d` (direction and bias uniform in ±1/√fanIn, fanIn = weight.shape[1] · kernel), with
    /// weight norm's magnitude set to the direction's norm so the effective weight equals the
    /// draw; every LSTM uniform in ±1/√hidden. Codebooks stay zero until k-means fills them.
    public func initializeForTraining(seed: UInt64) {
        var generator = RandomGenerator(seed: seed)
        for module in descendants(of: self) {
            if let convolution = module as? WeightNormalizedConvolution {
                convolution.initialize(generator: &generator)
            } else if let lstm = module as? LSTM {
                let bound = 1 / Float(lstm.layers[0].weightHidden.shape[1]).squareRoot()
                for tensor in lstm.parameters {
                    tensor.assign(Tensor.randomUniform(tensor.shape, low: -bound, high: bound, generator: &generator))
                }
            }
        }
    }
}

extension WeightNormalizedConvolution {
    /// Draws direction and bias uniformly in ±1/√fanIn and sets each magnitude g[o] = ‖direction[o]‖.
    func initialize(generator: inout RandomGenerator) {
        let shape = direction.shape  // [first, second, kernel]
        let bound = 1 / Float(shape[1] * shape[2]).squareRoot()
        direction.assign(Tensor.randomUniform(shape, low: -bound, high: bound, generator: &generator))
        bias.assign(Tensor.randomUniform(bias.shape, low: -bound, high: bound, generator: &generator))
        magnitude.assign(withoutGradient { direction.square().sum(axes: [1, 2], keepDims: true).sqrt() })  // [first, 1, 1]
    }
}

/// `module` and every module below it, parents before children.
func descendants(of module: Module) -> [Module] {
    [module] + module.children.flatMap { descendants(of: $0.module) }
}
