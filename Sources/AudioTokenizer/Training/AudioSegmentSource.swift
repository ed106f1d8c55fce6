import Formats
import Foundation
import Media
import Tensor

/// Training audio: the files of a manifest or a directory, cut into random fixed-length segments.
///
/// The batch of a step depends only on the seed and the step, so a resumed run reads exactly
/// what an uninterrupted one would have read.
public struct AudioSegmentSource {
    /// The audio files, in manifest or sorted-path order.
    public let files: [URL]
    /// The rate every segment is resampled to.
    public let sampleRate: Int

    /// File extensions a directory is searched for.
    public static let audioExtensions: Set<String> = ["wav", "flac", "ogg", "oga"]

    /// Reads `data`: a JSON-lines manifest whose lines carry an `"audio"` path (relative to the
    /// manifest's folder), or a directory searched recursively for audio files. Throws
    /// `FormatError` when it names no audio.
    public init(data: URL, sampleRate: Int) throws {
        files = try MediaFileList.files(in: data, key: "audio", extensions: Self.audioExtensions)
        self.sampleRate = sampleRate
    }

    /// The batch of `step` (any integer; negative steps give batches no training step sees): `size` segments of `samples` samples, each from a file and offset
    /// drawn from (seed, step, item); shorter files are zero-padded at the end.
    /// → [size, 1, samples]
    public func batch(step: Int, seed: UInt64, size: Int, samples: Int) throws -> Tensor {
        var generator = RandomGenerator(seed: Self.mix(seed, UInt64(bitPattern: Int64(step))))
        var values = [Float](repeating: 0, count: size * samples)
        for item in 0..<size {
            let clip = try AudioDecoder().decode(files[generator.nextInt(below: files.count)], sampleRate: sampleRate)
            let start = generator.nextInt(below: Swift.max(clip.samples.count - samples, 0) + 1)
            let taken = clip.samples[start..<Swift.min(start + samples, clip.samples.count)]
            values.replaceSubrange((item * samples)..<(item * samples + taken.count), with: taken)
        }
        return Tensor(shape: [size, 1, samples], values: values)
    }

    /// A seed for step `step` of run `seed` (SplitMix64's finaliser over both).
    static func mix(_ seed: UInt64, _ step: UInt64) -> UInt64 {
        var value = seed &+ step &* 0x9E37_79B9_7F4A_7C15
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
