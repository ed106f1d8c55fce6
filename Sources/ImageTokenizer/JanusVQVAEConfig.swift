import Foundation
import Formats

/// The geometry of a `JanusVQVAE` (Hugging Face's `JanusVQVAEConfig`, `model_type` "janus_vqgan").
public struct JanusVQVAEConfig: Equatable, Sendable {
    /// Image channels read by the encoder.
    public var inChannels = 3
    /// Image channels written by the decoder.
    public var outChannels = 3
    /// Channels of the first level; level i has `baseChannels · channelMultiplier[i]`.
    public var baseChannels = 128
    /// One multiplier per resolution level; n levels downsample by 2^(n−1).
    public var channelMultiplier = [1, 1, 2, 2, 4]
    /// ResNet blocks per encoder level (the decoder has one more per level).
    public var residualBlocksPerLevel = 2
    /// Channels of the encoder output and the decoder input.
    public var latentChannels = 256
    /// Whether the encoder writes twice `latentChannels` (mean and log-variance).
    public var doubleLatent = false
    /// Dimension of a codebook row.
    public var embeddingDimension = 8
    /// Number of codebook rows.
    public var codebookSize = 16384
    /// Codes per side of the grid the model was trained for.
    public var patchesPerSide = 32
    /// Whether the codebook is l2-normalised (Janus/LlamaGen; `codebook_l2_norm`, a LlamaGen name HF
    /// ignores) or a plain nearest-code VQ.
    public var codebookL2Normalized = true

    /// The defaults of `transformers`' `JanusVQVAEConfig`.
    public init() {}

    /// Reads the settings from a parsed `config.json`, using HF's defaults for absent keys.
    public init(_ config: HFConfig) throws {
        let defaults = JanusVQVAEConfig()
        inChannels = try config.int("in_channels", default: defaults.inChannels)
        outChannels = try config.int("out_channels", default: defaults.outChannels)
        baseChannels = try config.int("base_channels", default: defaults.baseChannels)
        channelMultiplier = try config.ints("channel_multiplier", default: defaults.channelMultiplier)
        residualBlocksPerLevel = try config.int("num_res_blocks", default: defaults.residualBlocksPerLevel)
        latentChannels = try config.int("latent_channels", default: defaults.latentChannels)
        doubleLatent = try config.bool("double_latent", default: defaults.doubleLatent)
        embeddingDimension = try config.int("embed_dim", default: defaults.embeddingDimension)
        codebookSize = try config.int("num_embeddings", default: defaults.codebookSize)
        patchesPerSide = try config.int("num_patches", default: defaults.patchesPerSide)
        codebookL2Normalized = try config.bool("codebook_l2_norm", default: defaults.codebookL2Normalized)
        try validate(path: config.path)
    }

    /// Reads `config.json` at `url`.
    public init(contentsOf url: URL) throws {
        try self.init(HFConfig(contentsOf: url))
    }

    /// The `config.json` of this geometry, loadable by `transformers`' `JanusVQVAEConfig`.
    public var jsonObject: [String: JSONValue] {
        let integers: [String: Int] = [
            "in_channels": inChannels, "out_channels": outChannels, "base_channels": baseChannels,
            "num_res_blocks": residualBlocksPerLevel, "latent_channels": latentChannels, "embed_dim": embeddingDimension,
            "num_embeddings": codebookSize, "num_patches": patchesPerSide,
        ]
        return integers.mapValues { JSONValue.integer(Int64($0)) }.merging([
            "architectures": .array([.string("JanusVQVAE")]), "model_type": .string("janus_vqgan"),
            "channel_multiplier": .array(channelMultiplier.map { .integer(Int64($0)) }),
            "double_latent": .bool(doubleLatent), "codebook_l2_norm": .bool(codebookL2Normalized),
            "dropout": .number(0), "dtype": .string("float32"),
        ]) { first, _ in first }
    }

    /// The factor by which the encoder shrinks each side of the image.
    public var downsamplingFactor: Int { 1 << (channelMultiplier.count - 1) }

    /// Rejects settings the architecture cannot build (GroupNorm needs multiples of 32 channels).
    private func validate(path: String) throws {
        let levelChannels = channelMultiplier.map { $0 * baseChannels }
        func require(_ condition: Bool, _ problem: String) throws {
            if !condition { throw FormatError(path: path, problem: problem) }
        }
        try require(!channelMultiplier.isEmpty, "channel_multiplier is empty")
        try require((levelChannels + [baseChannels]).allSatisfy { $0 > 0 && $0 % ResidualBlock.groups == 0 },
                    "every level needs a positive multiple of \(ResidualBlock.groups) channels")
        try require(residualBlocksPerLevel > 0, "num_res_blocks must be positive")
        try require([inChannels, outChannels, latentChannels, embeddingDimension, codebookSize].allSatisfy { $0 > 0 },
                    "channel counts and num_embeddings must be positive")
    }
}
