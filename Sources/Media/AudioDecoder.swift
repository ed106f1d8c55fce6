import Formats
import Foundation

/// Reads whatever libsndfile reads (WAV, FLAC, Ogg Vorbis, AIFF, …) as mono float audio.
///
/// Channels are mixed down by averaging; samples keep libsndfile's scaling (integer PCM maps to
/// [−1, 1), 16-bit sample s to s / 32768). The file is read in blocks of 65536 samples, so peak
/// memory is the mono result plus one block (plus the resampled copy when a rate is requested).
/// Files longer than `maximumFrames` are refused before anything is allocated for them.
public struct AudioDecoder: Sendable {
    /// The default frame limit: 2²⁸ frames (about 93 minutes at 48 kHz, 1 GiB of float samples).
    public static let defaultMaximumFrames = 1 << 28

    /// The most frames (samples per channel) a file may hold, at its own rate and at the requested one.
    public var maximumFrames: Int

    /// A decoder that refuses files of more than `maximumFrames` frames.
    public init(maximumFrames: Int = AudioDecoder.defaultMaximumFrames) {
        self.maximumFrames = maximumFrames
    }

    /// What the file at `url` holds; every frame is decoded (and discarded) to check it.
    public func info(of url: URL) throws -> AudioInfo {
        let reader = try SoundFileReader(url: url)
        try checkLength(reader)
        try reader.forEachBlock { _ in }
        return reader.info
    }

    /// The file at `url` as mono audio, resampled to `sampleRate` when given.
    public func decode(_ url: URL, sampleRate: Int? = nil) throws -> AudioClip {
        try decode(SoundFileReader(url: url), sampleRate: sampleRate)
    }

    /// Audio file data in memory as mono audio; errors name the data `name`.
    public func decode(bytes: [UInt8], name: String, sampleRate: Int? = nil) throws -> AudioClip {
        try bytes.withUnsafeBytes { try decode(SoundFileReader(bytes: $0, name: name), sampleRate: sampleRate) }
    }

    private func decode(_ reader: SoundFileReader, sampleRate: Int?) throws -> AudioClip {
        if let sampleRate, !PolyphaseResampler.canResample(from: reader.info.sampleRate, to: sampleRate) {
            throw FormatError(path: reader.path, problem: "cannot resample \(reader.info.sampleRate) Hz to \(sampleRate) Hz")
        }
        try checkLength(reader)
        let channels = reader.info.channels
        var samples: [Float] = []
        // The header's frame count sizes the buffer, but no more than 32 frames per encoded byte
        // (beyond any real codec's ratio), so that a compressed file lying about its length
        // cannot reserve gigabytes.
        samples.reserveCapacity(Swift.min(reader.info.frames, reader.byteCount * 32))
        try reader.forEachBlock { block in
            let frames = block.count / channels
            guard samples.count + frames <= maximumFrames else { throw tooLong(reader, frames: samples.count + frames) }
            samples.append(contentsOf: Self.mono(block, channels: channels))
        }
        let clip = AudioClip(samples: samples, sampleRate: reader.info.sampleRate)
        guard let sampleRate, sampleRate != clip.sampleRate else { return clip }
        let resampler = PolyphaseResampler(from: clip.sampleRate, to: sampleRate)
        let resampledCount = resampler.outputCount(forInputCount: samples.count)
        guard resampledCount <= maximumFrames else { throw tooLong(reader, frames: resampledCount) }
        return AudioClip(samples: resampler.apply(samples), sampleRate: sampleRate)
    }

    /// The file at `url` as mono audio at `sampleRate` (its own rate when nil), handed to `body` in
    /// pieces as it decodes, so memory stays bounded whatever the length; the pieces joined equal
    /// `decode(url, sampleRate:)`. Returns the rate and the total sample count.
    @discardableResult
    public func stream(_ url: URL, sampleRate: Int? = nil, _ body: ([Float]) throws -> Void) throws -> (sampleRate: Int, count: Int) {
        let reader = try SoundFileReader(url: url)
        let rate = sampleRate ?? reader.info.sampleRate
        guard PolyphaseResampler.canResample(from: reader.info.sampleRate, to: rate) else {
            throw FormatError(url, "cannot resample \(reader.info.sampleRate) Hz to \(rate) Hz")
        }
        let resampler = rate == reader.info.sampleRate ? nil
            : StreamingResampler(from: reader.info.sampleRate, to: rate, inputCount: reader.info.frames)
        var (read, written) = (0, 0)
        try reader.forEachBlock { block in
            let mono = Self.mono(block, channels: reader.info.channels)
            read += mono.count
            guard read <= reader.info.frames else { throw FormatError(url, "holds more frames than its header's \(reader.info.frames)") }
            let output = resampler.map { resampler in mono.withUnsafeBufferPointer { resampler.push($0) } } ?? mono
            written += output.count
            if !output.isEmpty { try body(output) }
        }
        return (rate, written)
    }

    /// Interleaved frames averaged to one channel.
    private static func mono(_ block: UnsafeBufferPointer<Float>, channels: Int) -> [Float] {
        guard channels > 1 else { return Array(block) }
        let scale = 1 / Float(channels)
        return (0..<(block.count / channels)).map { frame in
            (0..<channels).reduce(Float(0)) { $0 + block[frame * channels + $1] } * scale
        }
    }

    private func checkLength(_ reader: SoundFileReader) throws {
        if reader.info.frames > maximumFrames { throw tooLong(reader, frames: reader.info.frames) }
    }

    private func tooLong(_ reader: SoundFileReader, frames: Int) -> FormatError {
        FormatError(path: reader.path, problem: "\(frames) frames is above the limit of \(maximumFrames) (AudioDecoder.maximumFrames)")
    }
}
