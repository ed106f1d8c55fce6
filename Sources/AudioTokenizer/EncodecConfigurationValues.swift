import Formats
import Foundation

extension EncodecConfiguration {
    /// The configuration as Hugging Face `EncodecConfig` keys, with `model_type` "encodec", so that
    /// `transformers.EncodecModel.from_pretrained` reads the `config.json` written from it.
    public var hfValues: [String: JSONValue] {
        func integer(_ value: Int) -> JSONValue { .integer(Int64(value)) }
        func number(_ value: Float) -> JSONValue { .number(Double(value.description) ?? Double(value)) }
        return [
            "model_type": .string("encodec"), "architectures": .array([.string("EncodecModel")]), "dtype": .string("float32"),
            "sampling_rate": integer(samplingRate), "audio_channels": integer(audioChannels),
            "num_filters": integer(numberOfFilters), "hidden_size": integer(hiddenSize),
            "kernel_size": integer(kernelSize), "last_kernel_size": integer(lastKernelSize),
            "residual_kernel_size": integer(residualKernelSize), "upsampling_ratios": .array(upsamplingRatios.map(integer)),
            "num_residual_layers": integer(residualLayers), "dilation_growth_rate": integer(dilationGrowthRate),
            "compress": integer(compress), "num_lstm_layers": integer(lstmLayers),
            "use_causal_conv": .bool(useCausalConvolution), "use_conv_shortcut": .bool(useConvolutionShortcut),
            "pad_mode": .string(reflectPadding ? "reflect" : "constant"), "trim_right_ratio": number(trimRightRatio),
            "codebook_size": integer(codebookSize), "codebook_dim": integer(codebookDimension),
            "target_bandwidths": .array(targetBandwidths.map(number)), "norm_type": .string("weight_norm"),
            "normalize": .bool(false), "chunk_length_s": .null, "overlap": .null,
        ]
    }

    /// `hfValues` as pretty-printed JSON (floats always written with a fraction, as transformers requires).
    public func jsonData() -> Data { Data(JSONValue.object(hfValues).prettyText().utf8) }
}
