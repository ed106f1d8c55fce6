import Tensor
import NN

/// The SEANet encoder: conv, then per ratio (smallest first) residual blocks, ELU and a strided
/// conv that doubles the channels; then LSTM, ELU and a conv to `hidden_size`.
final class EncodecEncoder: EncodecLayerStack {
    init(_ config: EncodecConfiguration) {
        var layers: [EncodecLayer] = [.convolution(EncodecConv1d(config, config.audioChannels, config.numberOfFilters,
                                                                 kernel: config.kernelSize))]
        var channels = config.numberOfFilters
        for ratio in config.upsamplingRatios.reversed() {
            layers += residualLayers(config, channels: channels)
            layers += [.elu, .convolution(EncodecConv1d(config, channels, 2 * channels, kernel: 2 * ratio, stride: ratio))]
            channels *= 2
        }
        layers += [.lstm(EncodecLSTM(config, channels: channels)), .elu,
                   .convolution(EncodecConv1d(config, channels, config.hiddenSize, kernel: config.lastKernelSize))]
        super.init(layers)
    }
}

/// The SEANet decoder, the encoder mirrored: conv from `hidden_size`, LSTM, then per ratio ELU, a
/// transposed conv that halves the channels, and residual blocks; then ELU and a conv to audio.
final class EncodecDecoder: EncodecLayerStack {
    init(_ config: EncodecConfiguration) {
        var channels = config.numberOfFilters << config.upsamplingRatios.count
        var layers: [EncodecLayer] = [.convolution(EncodecConv1d(config, config.hiddenSize, channels, kernel: config.kernelSize)),
                                      .lstm(EncodecLSTM(config, channels: channels))]
        for ratio in config.upsamplingRatios {
            layers += [.elu, .transposed(EncodecConvTranspose1d(config, channels, channels / 2, kernel: 2 * ratio, stride: ratio))]
            channels /= 2
            layers += residualLayers(config, channels: channels)
        }
        layers += [.elu, .convolution(EncodecConv1d(config, config.numberOfFilters, config.audioChannels,
                                                    kernel: config.lastKernelSize))]
        super.init(layers)
    }
}

/// `num_residual_layers` residual blocks with dilations 1, g, g², … (g = `dilation_growth_rate`).
private func residualLayers(_ config: EncodecConfiguration, channels: Int) -> [EncodecLayer] {
    (0..<config.residualLayers).map { index in
        var dilation = 1
        for _ in 0..<index { dilation *= config.dilationGrowthRate }
        return .residual(EncodecResnetBlock(config, channels: channels, dilation: dilation))
    }
}
