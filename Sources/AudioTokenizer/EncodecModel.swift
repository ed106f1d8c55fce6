import Formats
import Foundation
import NN
import Tensor

/// The EnCodec neural audio codec with Hugging Face `EncodecModel`'s tensor names: a SEANet
/// encoder, residual vector quantization whose depth follows the bandwidth, and a SEANet decoder.
public final class EncodecModel: Module {
    public let config: EncodecConfiguration
    let encoder: EncodecEncoder, decoder: EncodecDecoder, quantizer: ResidualVectorQuantizer

    /// A model with zero codebooks and placeholder weights; `load(from:)` fills them.
    public init(config: EncodecConfiguration) {
        self.config = config
        encoder = EncodecEncoder(config)
        decoder = EncodecDecoder(config)
        quantizer = ResidualVectorQuantizer(levels: config.quantizerCount, size: config.codebookSize,
                                            dimension: config.codebookDimension)
        super.init()
        register("encoder", module: encoder)
        register("decoder", module: decoder)
        register("quantizer", module: quantizer)
    }

    /// Reads `config.json` and `model.safetensors` from a Hugging Face model directory.
    public convenience init(contentsOf directory: URL) throws {
        try self.init(config: EncodecConfiguration(HFConfig(contentsOf: directory.appendingPathComponent("config.json"))))
        try load(from: directory)
    }

    /// Loads every parameter from a model directory, accepting both weight-norm spellings
    /// (`parametrizations.weight.original0/1` and the older `weight_g/weight_v`).
    public func load(from directory: URL) throws {
        let checkpoint = try CheckpointTensors(directory: directory)
        do {
            try load(strict: true) { key in
                if checkpoint.contains(key) { return try checkpoint.tensor(key) }
                guard let legacy = WeightNormalizedConvolution.legacyKey(for: key), checkpoint.contains(legacy) else { return nil }
                return try checkpoint.tensor(legacy)
            }
        } catch let error as ModuleError {
            throw FormatError(directory, error.description)
        }
    }

    /// RVQ levels used at `bandwidth` kbps (all levels when it is not positive).
    public func levels(forBandwidth bandwidth: Float) -> Int {
        Swift.min(config.levels(forBandwidth: bandwidth), quantizer.codebooks.count)
    }

    /// The encoder output. audio [batch, 1, samples] → [batch, hiddenSize, ⌈samples / hop⌉]
    /// Throws `AudioTokenizerError` for another shape or no samples.
    public func embeddings(_ audio: Tensor) throws -> Tensor {
        guard audio.rank == 3 && audio.shape[1] == config.audioChannels else {
            throw AudioTokenizerError("audio must be [batch, \(config.audioChannels), samples], got \(audio.shape)")
        }
        guard audio.shape[0] > 0 && audio.shape[2] > 0 else { throw AudioTokenizerError("the audio is empty") }
        return encoder(audio)
    }

    /// Codes for each batch item, [levels][frames], at `bandwidth` kbps.
    /// audio [batch, 1, samples] → batch × [levels][⌈samples / hop⌉]
    public func encode(_ audio: Tensor, bandwidth: Float) throws -> [[[Int32]]] {
        let latents = try embeddings(audio)  // [batch, hidden, frames]
        let levels = levels(forBandwidth: bandwidth)
        return (0..<latents.shape[0]).map { item in
            let frames = latents.slice(axis: 0, item..<(item + 1)).reshaped(Array(latents.shape.dropFirst())).transposed()
            return quantizer.encode(frames, levels: levels)  // frames [frames, hidden]
        }
    }

    /// Audio from codes; every item needs the same level and frame counts.
    /// batch × [levels][frames] → [batch, 1, frames · hop]; throws `AudioTokenizerError` for a level
    /// count the model lacks, unequal frame counts, no frames, or a code outside the codebook.
    public func decode(codes: [[[Int32]]]) throws -> Tensor {
        guard let frames = codes.first?.first?.count, frames > 0 else { throw AudioTokenizerError("there are no codes to decode") }
        for item in codes {
            try check(codes: item)
            guard item.count == codes[0].count, item[0].count == frames else {  // check(codes:) made an item's levels equal
                throw AudioTokenizerError("the codes have unequal level or frame counts")
            }
        }
        let latents = Tensor.concat(codes.map { item in
            quantizer.decode(item).transposed().reshaped([1, config.codebookDimension, item[0].count])  // [1, dimension, frames]
        }, axis: 0)
        return decoder(latents)
    }

    /// Throws `AudioTokenizerError` unless `codes` [levels][frames] has 1 to `quantizerCount` levels
    /// of equal, non-zero frame counts, every code inside the codebook.
    public func check(codes: [[Int32]]) throws {
        guard !codes.isEmpty && codes.count <= quantizer.codebooks.count else {
            throw AudioTokenizerError("\(codes.count) levels, but the model has 1 to \(quantizer.codebooks.count)")
        }
        guard let frames = codes.first?.count, frames > 0, codes.allSatisfy({ $0.count == frames }) else {
            throw AudioTokenizerError("the codes have no frames or unequal frame counts per level")
        }
        if let bad = codes.joined().first(where: { $0 < 0 || Int($0) >= config.codebookSize }) {
            throw AudioTokenizerError("code \(bad) lies outside the codebook of \(config.codebookSize)")
        }
    }
}
