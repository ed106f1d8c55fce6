import AudioTokenizer
import Formats
import Foundation
import Media
import Tensor

/// Audio files to token files and back with an EnCodec tokenizer directory.
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
            let clip = try AudioDecoder().decode(url, sampleRate: model.config.samplingRate)
            guard !clip.samples.isEmpty else { throw FormatError(url, "the audio is empty") }
            let audio = Tensor(shape: [1, 1, clip.samples.count], values: clip.samples)  // [batch, channels, samples]
            let levels = try withoutGradient { try model.encode(audio, bandwidth: bandwidth) }[0]  // [levels][frames]
            return TokenSegment(modality: .audio, shape: [levels.count, levels[0].count], codebookSize: model.config.codebookSize,
                                codes: levels.joined().map(Int.init))
        }
        return TokenFile(segments: segments, vocabularyChecksum: checksum)
    }

    /// The audio of every segment of `file` (read from `url`, named in errors). Throws when the file
    /// was made with another tokenizer, holds other modalities, or has more levels than the model.
    public func detokenize(_ file: TokenFile, from url: URL) throws -> [AudioClip] {
        try TokenizerChecksum.require(file, from: url, madeWith: checksum, source: source)
        return try TokenizerChecksum.segments(of: file, from: url, modality: .audio, codebookSize: model.config.codebookSize,
                                              source: source).enumerated().map { index, segment in
            let frames = segment.shape[1]
            let levels = (0..<segment.shape[0]).map { level in segment.codes[level * frames..<(level + 1) * frames].map { Int32($0) } }
            do {
                let audio = try withoutGradient { try model.decode(codes: [levels]) }  // [1, 1, samples]
                return AudioClip(samples: audio.toArray(), sampleRate: model.config.samplingRate)
            } catch let error as AudioTokenizerError {
                throw FormatError(url, "segment \(index): \(error.description)")
            }
        }
    }
}
