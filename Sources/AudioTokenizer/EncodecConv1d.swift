import Tensor
import NN

/// A weight-normalised 1-D convolution that pads its input itself, as HF's `EncodecConv1d`:
/// causal (all fixed padding on the left) or centred, plus extra right padding so the last
/// frame is complete. Parameters live under `conv.`.
final class EncodecConv1d: Module {
    let conv: WeightNormalizedConvolution
    let stride: Int, dilation: Int, causal: Bool, reflect: Bool
    /// Kernel span with dilation, and the fixed padding `span − stride`.
    let effectiveKernel: Int, paddingTotal: Int

    init(_ config: EncodecConfiguration, _ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1,
         dilation: Int = 1) {
        conv = WeightNormalizedConvolution(weightShape: [outChannels, inChannels, kernel], outChannels: outChannels)
        (self.stride, self.dilation) = (stride, dilation)
        (causal, reflect) = (config.useCausalConvolution, config.reflectPadding)
        effectiveKernel = (kernel - 1) * dilation + 1
        paddingTotal = effectiveKernel - stride
        super.init()
        register("conv", module: conv)
    }

    /// Right padding that makes `(length + padding − kernel) / stride` whole, so no sample is dropped.
    func extraPadding(length: Int) -> Int {
        let frames = (Double(length - effectiveKernel + paddingTotal) / Double(stride) + 1).rounded(.up) - 1
        return Int(frames) * stride + effectiveKernel - paddingTotal - length
    }

    /// [batch, inChannels, length] → [batch, outChannels, ⌈length / stride⌉]
    func callAsFunction(_ x: Tensor) -> Tensor {
        let extra = extraPadding(length: x.shape[2])
        let right = causal ? 0 : paddingTotal / 2
        let left = paddingTotal - right
        let padded = pad(x, left: left, right: right + extra)  // [batch, inChannels, length′]
        return conv1d(padded, weight: conv.weight, bias: conv.bias, stride: stride, dilation: dilation)
    }

    /// Zero or reflect padding of the last axis. Reflection of an input no longer than the
    /// padding first appends zeros (then drops them again), as HF's `_pad1d` does.
    func pad(_ x: Tensor, left: Int, right: Int) -> Tensor {
        guard reflect else { return x.padded([(left, right)]) }
        let length = x.shape[2], widest = Swift.max(left, right)
        let zeros = length <= widest ? widest - length + 1 : 0
        let reflected = x.padded([(0, zeros)]).padded([(left, right)], mode: .reflect)
        return reflected.slice(axis: 2, 0..<(reflected.shape[2] - zeros))
    }
}

/// A weight-normalised 1-D transposed convolution that trims its output as HF's
/// `EncodecConvTranspose1d`: `kernel − stride` samples, from the right when causal (times
/// `trim_right_ratio`), otherwise split with the larger part on the left. Parameters under `conv.`.
final class EncodecConvTranspose1d: Module {
    let conv: WeightNormalizedConvolution
    let stride: Int, trimLeft: Int, trimRight: Int

    init(_ config: EncodecConfiguration, _ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int) {
        conv = WeightNormalizedConvolution(weightShape: [inChannels, outChannels, kernel], outChannels: outChannels)
        self.stride = stride
        let paddingTotal = kernel - stride
        trimRight = config.useCausalConvolution
            ? Int((Double(paddingTotal) * Double(config.trimRightRatio)).rounded(.up)) : paddingTotal / 2
        trimLeft = paddingTotal - trimRight
        super.init()
        register("conv", module: conv)
    }

    /// [batch, inChannels, length] → [batch, outChannels, length · stride]
    func callAsFunction(_ x: Tensor) -> Tensor {
        let full = convTranspose1d(x, weight: conv.weight, bias: conv.bias, stride: stride)  // [batch, out, (length−1)·stride + kernel]
        return full.slice(axis: 2, trimLeft..<(full.shape[2] - trimRight))
    }
}
