import AudioTokenizer
import Formats
import Foundation
import Media
import Tensor

/// Audio files to token files and back with an EnCodec tokenizer directory. Causal models code
/// files of any length in chunks (read, resampled, encoded and written piece by piece), so memory
/// stays bounded; the codes and audio equal whole-file coding.
public struct AudioTokenization {
    /// The loaded model.
    public let model: EncodecModel
    /// The SHA-256 of the directory's `model.safetensors`, recorded in every token file made here.
    public let checksum: SHA256Digest
    /// The tokenizer directory's path, named in errors.
    public let source: String

    /// Loads the tokenizer directory (`config.json`, `model.safetensors`).
    public init(directory: URL) throws {
        model = try EncodecModel(contentsOf: directory)
        checksum = try TokenizerChecksum.ofModel(in: directory)
        source = directory.path
    }

    /// A token file with one audio segment ([levels, frames], level-major) per file in `urls`,
    /// each resampled to the model's sampling rate and coded at `bandwidth` kbps.
    public func tokenize(_ urls: [URL], bandwidth: Float) throws -> TokenFile {
        let segments = try urls.map { url in
            let levels = try encode(url, bandwidth: bandwidth)  // [levels][frames]
            return TokenSegment(modality: .audio, shape: [levels.count, levels[0].count], codebookSize: model.config.codebookSize,
                                codes: levels.joined().map(Int.init))
        }
        return TokenFile(segments: segments, vocabularyChecksum: checksum)
    }

    /// One file's codes [levels][frames]; throws `FormatError` for an unreadable or empty file.
    private func encode(_ url: URL, bandwidth: Float) throws -> [[Int32]] {
        let rate = model.config.samplingRate
        guard model.supportsStreaming else {
            let clip = try AudioDecoder().decode(url, sampleRate: rate)
            guard !clip.samples.isEmpty else { throw FormatError(url, "the audio is empty") }
            return try model.encode(samples: clip.samples, bandwidth: bandwidth)
        }
        let encoder = EncodecStreamingEncoder(model: model, bandwidth: bandwidth)
        var pieces: [[[Int32]]] = []
        let (_, count) = try AudioDecoder().stream(url, sampleRate: rate) { pieces.append(encoder.push($0[...])) }
        guard count > 0 else { throw FormatError(url, "the audio is empty") }
        pieces.append(encoder.finish())
        return (0..<encoder.levels).map { level in pieces.flatMap { $0[level] } }
    }

    /// The audio of every segment of `file` (read from `url`, named in errors). Throws when the file
    /// was made with another tokenizer, holds other modalities, or has more levels than the model.
    public func detokenize(_ file: TokenFile, from url: URL) throws -> [AudioClip] {
        try levels(of: file, from: url).map { AudioClip(samples: try model.decode(levels: $0), sampleRate: model.config.samplingRate) }
    }

    /// Decodes every segment of `file` into the WAV file of the same index in `outputs`, chunk by
    /// chunk. Every segment is checked before any file is written, so bad codes leave no output.
    public func writeAudio(_ file: TokenFile, from url: URL, to outputs: [URL]) throws {
        let segments = try levels(of: file, from: url)
        for (codes, output) in zip(segments, outputs) {
            try WAVEncoder.write(to: output, sampleRate: model.config.samplingRate) { append in try model.decode(levels: codes, append) }
        }
    }

    /// Each audio segment's codes [levels][frames], checked against the model.
    private func levels(of file: TokenFile, from url: URL) throws -> [[[Int32]]] {
        try TokenizerChecksum.require(file, from: url, madeWith: checksum, source: source)
        return try TokenizerChecksum.segments(of: file, from: url, modality: .audio, codebookSize: model.config.codebookSize,
                                              source: source).enumerated().map { index, segment in
            let frames = segment.shape[1]
            let levels = (0..<segment.shape[0]).map { level in segment.codes[level * frames..<(level + 1) * frames].map { Int32($0) } }
            do {
                try model.check(codes: levels)
            } catch let error as AudioTokenizerError {
                throw FormatError(url, "segment \(index): \(error.description)")
            }
            return levels
        }
    }
}
