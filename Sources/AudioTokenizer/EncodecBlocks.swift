import Tensor
import NN

/// A SEANet residual block: ELU → conv(kernel, dilation) → ELU → conv(1), added to a 1×1
/// shortcut convolution of the input (or to the input itself). Keys `block.1`, `block.3`, `shortcut`.
final class EncodecResnetBlock: Module {
    let first: EncodecConv1d, second: EncodecConv1d, shortcut: EncodecConv1d?

    init(_ config: EncodecConfiguration, channels: Int, dilation: Int) {
        let hidden = channels / config.compress
        first = EncodecConv1d(config, channels, hidden, kernel: config.residualKernelSize, dilation: dilation)
        second = EncodecConv1d(config, hidden, channels, kernel: 1)
        shortcut = config.useConvolutionShortcut ? EncodecConv1d(config, channels, channels, kernel: 1) : nil
        super.init()
        register("block.1", module: first)
        register("block.3", module: second)
        if let shortcut { register("shortcut", module: shortcut) }
    }

    /// [batch, channels, length] → [batch, channels, length]
    func callAsFunction(_ x: Tensor) -> Tensor {
        let residual = second(first(x.elu()).elu())
        return (shortcut?(x) ?? x) + residual
    }
}

/// An LSTM over the time axis of a convolutional layout, added to its input. Keys under `lstm.`.
final class EncodecLSTM: Module {
    let lstm: LSTM

    init(_ config: EncodecConfiguration, channels: Int) {
        var generator = RandomGenerator(seed: 0)  // placeholder values; a checkpoint overwrites them
        lstm = LSTM(inputSize: channels, hiddenSize: channels, layers: config.lstmLayers, generator: &generator)
        super.init()
        register("lstm", module: lstm)
    }

    /// [batch, channels, time] → [batch, channels, time]
    func callAsFunction(_ x: Tensor) -> Tensor {
        let sequence = x.permuted([2, 0, 1])  // [time, batch, channels]
        return (lstm(sequence) + sequence).permuted([1, 2, 0])
    }
}

/// One entry of a SEANet layer list: HF's `nn.ModuleList` index is the checkpoint key, and ELUs
/// take an index without parameters.
enum EncodecLayer {
    case convolution(EncodecConv1d), transposed(EncodecConvTranspose1d), residual(EncodecResnetBlock)
    case lstm(EncodecLSTM), elu

    /// [batch, channels, length] → [batch, channels′, length′]
    func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .convolution(let layer): return layer(x)
        case .transposed(let layer): return layer(x)
        case .residual(let layer): return layer(x)
        case .lstm(let layer): return layer(x)
        case .elu: return x.elu()
        }
    }

    var module: Module? {
        switch self {
        case .convolution(let layer): return layer
        case .transposed(let layer): return layer
        case .residual(let layer): return layer
        case .lstm(let layer): return layer
        case .elu: return nil
        }
    }
}

/// A SEANet stack registered as `layers.<index>`, run in order.
class EncodecLayerStack: Module {
    let layers: [EncodecLayer]

    init(_ layers: [EncodecLayer]) {
        self.layers = layers
        super.init()
        for (index, layer) in layers.enumerated() {
            if let module = layer.module { register("layers.\(index)", module: module) }
        }
    }

    /// [batch, channels, length] → [batch, channels′, length′]
    func callAsFunction(_ x: Tensor) -> Tensor { layers.reduce(x) { $1($0) } }
}
