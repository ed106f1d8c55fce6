import Tensor

/// 1-D convolution with PyTorch's weight layout [outChannels, inChannels, kernel].
public final class Conv1d: WeightBiasModule {
    public let stride: Int, padding: Int, dilation: Int

    public init(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                dilation: Int = 1, bias: Bool = true, generator: inout RandomGenerator) {
        (self.stride, self.padding, self.dilation) = (stride, padding, dilation)
        super.init(weightShape: [outChannels, inChannels, kernel], biasSize: outChannels, fanIn: inChannels * kernel,
                   bias: bias, generator: &generator)
    }

    /// [batch, inChannels, length] → [batch, outChannels, length′]
    public func callAsFunction(_ x: Tensor) -> Tensor {
        conv1d(x, weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation)
    }
}

/// 2-D convolution with PyTorch's weight layout [outChannels, inChannels, kernel, kernel].
public final class Conv2d: WeightBiasModule {
    public let stride: Int, padding: Int

    public init(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                bias: Bool = true, generator: inout RandomGenerator) {
        (self.stride, self.padding) = (stride, padding)
        super.init(weightShape: [outChannels, inChannels, kernel, kernel], biasSize: outChannels,
                   fanIn: inChannels * kernel * kernel, bias: bias, generator: &generator)
    }

    /// [batch, inChannels, height, width] → [batch, outChannels, height′, width′]
    public func callAsFunction(_ x: Tensor) -> Tensor {
        conv2d(x, weight: weight, bias: bias, stride: (stride, stride), padding: (padding, padding))
    }
}

/// 1-D transposed convolution with PyTorch's weight layout [inChannels, outChannels, kernel].
public final class ConvTranspose1d: WeightBiasModule {
    public let stride: Int, padding: Int

    public init(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                bias: Bool = true, generator: inout RandomGenerator) {
        (self.stride, self.padding) = (stride, padding)
        // PyTorch takes a transposed conv's fan-in from weight.shape[1] · kernel.
        super.init(weightShape: [inChannels, outChannels, kernel], biasSize: outChannels, fanIn: outChannels * kernel,
                   bias: bias, generator: &generator)
    }

    /// [batch, inChannels, length] → [batch, outChannels, length′]
    public func callAsFunction(_ x: Tensor) -> Tensor {
        convTranspose1d(x, weight: weight, bias: bias, stride: stride, padding: padding)
    }
}

/// 2-D transposed convolution with PyTorch's weight layout [inChannels, outChannels, kernel, kernel].
public final class ConvTranspose2d: WeightBiasModule {
    public let stride: Int, padding: Int

    public init(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                bias: Bool = true, generator: inout RandomGenerator) {
        (self.stride, self.padding) = (stride, padding)
        super.init(weightShape: [inChannels, outChannels, kernel, kernel], biasSize: outChannels,
                   fanIn: outChannels * kernel * kernel, bias: bias, generator: &generator)
    }

    /// [batch, inChannels, height, width] → [batch, outChannels, height′, width′]
    public func callAsFunction(_ x: Tensor) -> Tensor {
        convTranspose2d(x, weight: weight, bias: bias, stride: (stride, stride), padding: (padding, padding))
    }
}
