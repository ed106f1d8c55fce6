import Tensor

extension EncodecModel {
    /// Whether chunked coding reproduces whole-signal coding exactly: causal convolutions, and
    /// transposed convolutions trimmed only on the right (`trim_right_ratio` 1).
    public var supportsStreaming: Bool { config.useCausalConvolution && config.trimRightRatio == 1 }

    /// The fewest frames a first chunk may have (unless it is the whole signal): the latent-rate
    /// convolutions pad it on the left by kernel − 1 reflected frames, which needs that many more.
    public var minimumChunkFrames: Int { Swift.max(config.kernelSize, config.lastKernelSize) }

    /// Codes [levels][frames] of one signal at `bandwidth` kbps, computed in chunks of about
    /// `chunkSeconds` when the model supports streaming (same codes, bounded memory), else whole.
    /// Throws `AudioTokenizerError` for no samples.
    public func encode(samples: [Float], bandwidth: Float, chunkSeconds: Double = 4) throws -> [[Int32]] {
        guard !samples.isEmpty else { throw AudioTokenizerError("the audio is empty") }
        guard supportsStreaming else {
            return try withoutGradient { try encode(Tensor(shape: [1, 1, samples.count], values: samples), bandwidth: bandwidth)[0] }
        }
        let encoder = EncodecStreamingEncoder(model: self, bandwidth: bandwidth, chunkSeconds: chunkSeconds)
        return joinFrames([encoder.push(samples[...]), encoder.finish()], levels: encoder.levels)
    }

    /// The samples decoded from codes [levels][frames], handed to `body` in chunks of about
    /// `chunkSeconds` when the model supports streaming (the same audio within float rounding as
    /// decoding at once), else at once. Throws `AudioTokenizerError` for codes the model cannot
    /// decode (see `decode(codes:)`) before calling `body`.
    public func decode(levels codes: [[Int32]], chunkSeconds: Double = 4, _ body: ([Float]) throws -> Void) throws {
        guard supportsStreaming else { return try body(withoutGradient { try decode(codes: [codes]).toArray() }) }
        try check(codes: codes)
        let decoder = EncodecStreamingDecoder(model: self)
        let chunkFrames = Swift.max(minimumChunkFrames, Int(chunkSeconds * Double(config.frameRate)))
        for start in stride(from: 0, to: codes[0].count, by: chunkFrames) {
            try body(decoder.push(codes.map { Array($0[start..<Swift.min(start + chunkFrames, $0.count)]) }))
        }
    }

    /// All the samples decoded from codes [levels][frames] (see `decode(levels:chunkSeconds:_:)`).
    public func decode(levels codes: [[Int32]], chunkSeconds: Double = 4) throws -> [Float] {
        var samples: [Float] = []
        try decode(levels: codes, chunkSeconds: chunkSeconds) { samples += $0 }
        return samples
    }
}

/// Codes from a signal that arrives in pieces: whole chunks are encoded as they fill, carrying each
/// layer's state, so the codes equal those of encoding the whole signal at once while memory stays
/// bounded by the chunk. Needs `model.supportsStreaming`.
public final class EncodecStreamingEncoder {
    public let model: EncodecModel
    /// RVQ levels coded, and samples per chunk (a multiple of the hop).
    public let levels: Int, chunkSamples: Int
    private let context = StreamingContext()
    private var pending: [Float] = []

    /// An encoder at `bandwidth` kbps with chunks of about `chunkSeconds` (at least `minimumChunkFrames` frames).
    public init(model: EncodecModel, bandwidth: Float, chunkSeconds: Double = 4) {
        precondition(model.supportsStreaming, "streaming needs a causal model")
        self.model = model
        levels = model.levels(forBandwidth: bandwidth)
        let hop = model.config.hopLength
        chunkSamples = Swift.max(model.minimumChunkFrames, Int(chunkSeconds * Double(model.config.samplingRate)) / hop) * hop
    }

    /// Takes the next samples; returns the codes [levels][frames] of every chunk they completed.
    public func push(_ samples: ArraySlice<Float>) -> [[Int32]] {
        pending.append(contentsOf: samples)
        var chunks: [[[Int32]]] = []
        var start = 0
        while pending.count - start >= chunkSamples {
            chunks.append(encodeChunk(pending[start..<(start + chunkSamples)]))
            start += chunkSamples
        }
        pending.removeFirst(start)
        return joinFrames(chunks, levels: levels)
    }

    /// Ends the signal: the codes of what remains (nothing when the signal ended on a chunk).
    public func finish() -> [[Int32]] {
        context.isLast = true
        defer { pending = [] }
        return pending.isEmpty ? joinFrames([], levels: levels) : encodeChunk(pending[...])
    }

    /// samples → codes [levels][⌈samples / hop⌉]
    private func encodeChunk(_ samples: ArraySlice<Float>) -> [[Int32]] {
        withoutGradient {
            let latents = model.encoder.stream(Tensor(shape: [1, 1, samples.count], values: Array(samples)), context)  // [1, hidden, frames]
            let frames = latents.reshaped(Array(latents.shape.dropFirst())).transposed()  // [frames, hidden]
            return model.quantizer.encode(frames, levels: levels)
        }
    }
}

/// Audio from codes that arrive in pieces, carrying each layer's state between pieces, so the
/// samples equal those of decoding all codes at once. Needs `model.supportsStreaming`.
public final class EncodecStreamingDecoder {
    public let model: EncodecModel
    private let context = StreamingContext()

    /// A decoder for `model`.
    public init(model: EncodecModel) {
        precondition(model.supportsStreaming, "streaming needs a causal model")
        self.model = model
    }

    /// The samples of the next codes [levels][frames] (checked by the caller): frames · hop samples.
    /// The first piece needs `minimumChunkFrames` frames unless it holds all the codes.
    public func push(_ codes: [[Int32]]) -> [Float] {
        withoutGradient {
            let latents = model.quantizer.decode(codes).transposed()  // [dimension, frames]
            return model.decoder.stream(latents.reshaped([1] + latents.shape), context).toArray()
        }
    }
}

/// Chunks' codes, each [levels][frames], joined along frames: [levels][Σ frames].
func joinFrames(_ chunks: [[[Int32]]], levels: Int) -> [[Int32]] {
    (0..<levels).map { level in chunks.flatMap { $0[level] } }
}
