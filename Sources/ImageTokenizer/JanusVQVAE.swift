import Foundation
import Formats
import NN
import Tensor

/// The LlamaGen VQ-16 / Janus image tokenizer (Hugging Face `JanusVQVAE`): images in [−1, 1]
/// become a grid of codebook indices, 2^(levels−1) times smaller on each side, and back.
///
/// Parameter keys are exactly HF's (`encoder.*`, `quant_conv.*`, `quantize.embedding.weight`,
/// `post_quant_conv.*`, `decoder.*`), so Janus/LlamaGen checkpoints load unchanged.
public final class JanusVQVAE: Module {
    /// The geometry the model was built with.
    public let config: JanusVQVAEConfig
    /// Image → latent map.
    public let encoder: JanusVQVAEEncoder
    /// 1×1 convolution from `latentChannels` to the codebook dimension.
    public let quantConv: Conv2d
    /// The codebook.
    public let quantizer: VectorQuantizer
    /// 1×1 convolution from the codebook dimension back to `latentChannels`.
    public let postQuantConv: Conv2d
    /// Latent map → image.
    public let decoder: JanusVQVAEDecoder

    /// A model with random weights drawn from `seed`.
    public init(config: JanusVQVAEConfig, seed: UInt64 = 0) {
        var generator = RandomGenerator(seed: seed)
        self.config = config
        encoder = JanusVQVAEEncoder(config, generator: &generator)
        quantConv = Conv2d(config.latentChannels, config.embeddingDimension, kernel: 1, generator: &generator)
        quantizer = VectorQuantizer(codebookSize: config.codebookSize, dimension: config.embeddingDimension,
                                    l2Normalized: config.codebookL2Normalized, generator: &generator)
        postQuantConv = Conv2d(config.embeddingDimension, config.latentChannels, kernel: 1, generator: &generator)
        decoder = JanusVQVAEDecoder(config, generator: &generator)
        super.init()
        register("encoder", module: encoder)
        register("quant_conv", module: quantConv)
        register("quantize", module: quantizer)
        register("post_quant_conv", module: postQuantConv)
        register("decoder", module: decoder)
    }

    /// Loads a Hugging Face model directory (`config.json` and `model.safetensors`, or shards).
    public static func load(from directory: URL) throws -> JanusVQVAE {
        let config = try JanusVQVAEConfig(contentsOf: directory.appendingPathComponent("config.json"))
        let model = JanusVQVAE(config: config)
        try model.load(from: CheckpointTensors(directory: directory))
        return model
    }

    /// Writes a Hugging Face model directory (`config.json`, `model.safetensors`) that
    /// `transformers`' `JanusVQVAE.from_pretrained` loads. A Janus-mode codebook is stored with
    /// unit rows, so HF's raw nearest-row search equals the cosine search it was trained with.
    public func save(to directory: URL, dtype: SafetensorsDType = .float32) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let stored = namedParameters().map { parameter in
            (name: parameter.key, tensor: parameter.tensor === quantizer.embedding ? withoutGradient { quantizer.usableRows } : parameter.tensor)
        }
        try SafetensorsWriter.write(stored, dtype: dtype, to: directory.appendingPathComponent("model.safetensors"))
        try JSONFile.write(JSONValue.object(config.jsonObject), to: directory.appendingPathComponent("config.json"))
    }

    /// The `quant_conv` latents of `images` [batch, 3, height, width] in [−1, 1]:
    /// [batch, embeddingDimension, height/f, width/f].
    /// Throws `ImageTokenizerError` when the shape is not that or a side is not a multiple of f.
    public func latents(_ images: Tensor) throws -> Tensor {
        let factor = config.downsamplingFactor
        guard images.rank == 4 && images.shape[1] == config.inChannels else {
            throw ImageTokenizerError("images \(images.shape) are not [batch, \(config.inChannels), height, width]")
        }
        guard images.shape[2] % factor == 0 && images.shape[3] % factor == 0 else {
            throw ImageTokenizerError("the image is \(images.shape[3])×\(images.shape[2]); both sides must be multiples of \(factor)")
        }
        return quantConv(encoder(images))
    }

    /// The codes of `images` [batch, 3, height, width] in [−1, 1], row-major over
    /// [batch, rows, columns], and the grid (rows, columns) of one image.
    public func encode(_ images: Tensor) throws -> (codes: [Int32], grid: (Int, Int)) {
        let latents = try latents(images)  // [batch, embeddingDimension, rows, columns]
        return (quantizer.codes(latents), (latents.shape[2], latents.shape[3]))
    }

    /// The images [batch, 3, rows·f, columns·f] (about [−1, 1]) of `codes`, row-major over
    /// [batch, rows, columns]; throws `ImageTokenizerError` when a code lies outside the codebook
    /// or the count does not match the grid.
    public func decode(codes: [Int32], grid: (Int, Int), batch: Int) throws -> Tensor {
        let latents = try quantizer.latents(for: codes, batch: batch, height: grid.0, width: grid.1)  // [batch, D, rows, columns]
        return decoder(postQuantConv(latents))
    }
}
