import NN
import Tensor

/// What a streaming pass carries from one chunk to the next, per layer: the input samples a
/// causal convolution still needs, the overlap a transposed convolution has not finished, and
/// the LSTM states.
final class StreamingContext {
    var carried: [ObjectIdentifier: Tensor] = [:]
    var lstmStates: [ObjectIdentifier: [LSTMState?]] = [:]
    /// Whether the current chunk ends the signal (it then gets the end padding of a whole-signal pass).
    var isLast = false
    private var weights: [ObjectIdentifier: Tensor] = [:]

    /// The convolution's effective weight, computed once per pass (parameters do not change mid-stream).
    func weight(of convolution: WeightNormalizedConvolution) -> Tensor {
        let key = ObjectIdentifier(convolution)
        if let weight = weights[key] { return weight }
        let weight = convolution.weight
        weights[key] = weight
        return weight
    }
}

extension EncodecConv1d {
    /// The next chunk through a causal convolution: the carried last `paddingTotal` input samples
    /// (or the start padding, at the first chunk) go before it; the end padding is added only to the
    /// last chunk. Chunks other than the last must be multiples of the stride.
    /// [batch, inChannels, length] → [batch, outChannels, ⌈length / stride⌉]
    func stream(_ x: Tensor, _ context: StreamingContext) -> Tensor {
        let key = ObjectIdentifier(self)
        var input = context.carried[key].map { Tensor.concat([$0, x], axis: 2) } ?? pad(x, left: paddingTotal, right: 0)
        if paddingTotal > 0 {
            context.carried[key] = input.slice(axis: 2, (input.shape[2] - paddingTotal)..<input.shape[2])  // [batch, in, padding]
        }
        if context.isLast { input = pad(input, left: 0, right: extraPadding(length: x.shape[2])) }  // earlier chunks are whole strides
        return conv1d(input, weight: context.weight(of: conv), bias: conv.bias, stride: stride, dilation: dilation)
    }
}

extension EncodecConvTranspose1d {
    /// The next chunk through a causal transposed convolution (all trimming on the right): each
    /// chunk's last `kernel − stride` samples overlap the next chunk's first and are added there;
    /// after the last chunk they are what the whole-signal pass trims.
    /// [batch, inChannels, length] → [batch, outChannels, length · stride]
    func stream(_ x: Tensor, _ context: StreamingContext) -> Tensor {
        let key = ObjectIdentifier(self)
        let full = convTranspose1d(x, weight: context.weight(of: conv), bias: nil, stride: stride)  // [batch, out, length·stride + overlap]
        let length = x.shape[2] * stride
        var output = full.slice(axis: 2, 0..<length)
        if let previous = context.carried[key] {
            output = output + previous.padded([(0, 0), (0, 0), (0, length - previous.shape[2])])
        }
        context.carried[key] = full.slice(axis: 2, length..<full.shape[2])  // [batch, out, kernel − stride]
        return output + conv.bias.reshaped([1, conv.bias.count, 1])
    }
}

extension EncodecResnetBlock {
    /// The next chunk through the residual block. [batch, channels, length] → same
    func stream(_ x: Tensor, _ context: StreamingContext) -> Tensor {
        let residual = second.stream(first.stream(x.elu(), context).elu(), context)
        return (shortcut?.stream(x, context) ?? x) + residual
    }
}

extension EncodecLSTM {
    /// The next chunk through the LSTM, each layer continuing from its carried state.
    /// [batch, channels, time] → [batch, channels, time]
    func stream(_ x: Tensor, _ context: StreamingContext) -> Tensor {
        let key = ObjectIdentifier(self)
        var states = context.lstmStates[key] ?? Array(repeating: nil, count: lstm.layers.count)
        let sequence = x.permuted([2, 0, 1])  // [time, batch, channels]
        var hidden = sequence
        for (index, layer) in lstm.layers.enumerated() {
            hidden = lstmChunk(hidden, layer: layer, state: &states[index])
        }
        context.lstmStates[key] = states
        return (hidden + sequence).permuted([1, 2, 0])
    }
}

/// One LSTM layer over a chunk from a carried state (a free function, as the module's `lstm`
/// property hides Tensor's `lstm` inside EncodecLSTM). [time, batch, in] → [time, batch, hidden]
private func lstmChunk(_ input: Tensor, layer: (weightInput: Tensor, weightHidden: Tensor, biasInput: Tensor, biasHidden: Tensor),
                       state: inout LSTMState?) -> Tensor {
    lstm(input, weightInput: layer.weightInput, weightHidden: layer.weightHidden, biasInput: layer.biasInput,
         biasHidden: layer.biasHidden, state: &state)
}

extension EncodecLayer {
    /// The next chunk through this layer. [batch, channels, length] → [batch, channels′, length′]
    func stream(_ x: Tensor, _ context: StreamingContext) -> Tensor {
        switch self {
        case .convolution(let layer): return layer.stream(x, context)
        case .transposed(let layer): return layer.stream(x, context)
        case .residual(let layer): return layer.stream(x, context)
        case .lstm(let layer): return layer.stream(x, context)
        case .elu: return x.elu()
        }
    }
}

extension EncodecLayerStack {
    /// The next chunk through the stack. [batch, channels, length] → [batch, channels′, length′]
    func stream(_ x: Tensor, _ context: StreamingContext) -> Tensor { layers.reduce(x) { $1.stream($0, context) } }
}
