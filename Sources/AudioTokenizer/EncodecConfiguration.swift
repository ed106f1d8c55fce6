import Formats
import Foundation

/// The fields of a Hugging Face `EncodecConfig` that the architecture reads.
public struct EncodecConfiguration: Sendable {
    public var samplingRate: Int, audioChannels: Int, numberOfFilters: Int, hiddenSize: Int
    public var kernelSize: Int, lastKernelSize: Int, residualKernelSize: Int
    public var upsamplingRatios: [Int], residualLayers: Int, dilationGrowthRate: Int, compress: Int
    public var lstmLayers: Int, useCausalConvolution: Bool, useConvolutionShortcut: Bool
    public var reflectPadding: Bool, trimRightRatio: Float
    public var codebookSize: Int, codebookDimension: Int, targetBandwidths: [Float]

    /// Reads `config.json` values, with transformers' defaults for missing keys.
    public init(_ config: HFConfig) throws {
        samplingRate = try config.int("sampling_rate", default: 24000)
        audioChannels = try config.int("audio_channels", default: 1)
        numberOfFilters = try config.int("num_filters", default: 32)
        hiddenSize = try config.int("hidden_size", default: 128)
        kernelSize = try config.int("kernel_size", default: 7)
        lastKernelSize = try config.int("last_kernel_size", default: 7)
        residualKernelSize = try config.int("residual_kernel_size", default: 3)
        upsamplingRatios = try config.ints("upsampling_ratios", default: [8, 5, 4, 2])
        residualLayers = try config.int("num_residual_layers", default: 1)
        dilationGrowthRate = try config.int("dilation_growth_rate", default: 2)
        compress = try config.int("compress", default: 2)
        lstmLayers = try config.int("num_lstm_layers", default: 2)
        useCausalConvolution = try config.bool("use_causal_conv", default: true)
        useConvolutionShortcut = try config.bool("use_conv_shortcut", default: true)
        trimRightRatio = try config.float("trim_right_ratio", default: 1)
        codebookSize = try config.int("codebook_size", default: 1024)
        codebookDimension = config.contains("codebook_dim") ? try config.int("codebook_dim") : hiddenSize
        targetBandwidths = try config.floats("target_bandwidths", default: [1.5, 3, 6, 12, 24])
        let padMode = try config.string("pad_mode", default: "reflect")
        guard ["reflect", "constant"].contains(padMode) else {
            throw FormatError(path: config.path, problem: "pad_mode \(padMode) is not reflect or constant")
        }
        reflectPadding = padMode == "reflect"
        let normType = try config.string("norm_type", default: "weight_norm")
        guard normType == "weight_norm" else {
            throw FormatError(path: config.path, problem: "norm_type \(normType) is not supported (only weight_norm)")
        }
        guard audioChannels == 1 else {
            throw FormatError(path: config.path, problem: "audio_channels \(audioChannels) is not supported (only mono)")
        }
        guard try !config.bool("normalize", default: false), !config.contains("chunk_length_s") else {
            throw FormatError(path: config.path, problem: "normalize and chunk_length_s are not supported yet")
        }
    }

    /// Samples per code frame: the product of the upsampling ratios.
    public var hopLength: Int { upsamplingRatios.reduce(1, *) }

    /// Code frames per second, rounded up as transformers does.
    public var frameRate: Int { (samplingRate + hopLength - 1) / hopLength }

    /// Bits per code: log2 of the codebook size.
    public var bitsPerCode: Int { codebookSize.trailingZeroBitCount }

    /// RVQ levels in the checkpoint: enough for the largest target bandwidth.
    public var quantizerCount: Int {
        Int((1000 * decimal(targetBandwidths.last ?? 0)).rounded(.down)) / (frameRate * bitsPerCode)
    }

    /// RVQ levels used at `bandwidth` kbps: ⌊bandwidth·1000 / (bits·frameRate)⌋, at least 1;
    /// all levels when `bandwidth` is not positive.
    public func levels(forBandwidth bandwidth: Float) -> Int {
        guard bandwidth > 0 else { return quantizerCount }
        let bitsPerLevel = Double(bitsPerCode * frameRate)
        return Swift.max(1, Int((decimal(bandwidth) * 1000 / bitsPerLevel).rounded(.down)))
    }

    /// The Double that the Float's shortest decimal spelling names (0.6 → 0.6, not 0.6000000238),
    /// so level counts match Python's arithmetic on the same config value.
    private func decimal(_ value: Float) -> Double { Double(value.description) ?? Double(value) }
}
