import CSndFile
import Formats
import Foundation

/// Writes mono WAV files through libsndfile, atomically (a temporary file renamed into place).
public enum WAVEncoder {
    /// How samples are stored.
    public enum SampleFormat: String, Sendable, CaseIterable {
        /// Signed 16-bit PCM: round(x · 32768) clamped to −32768...32767, so that a 16-bit file
        /// read (s / 32768) and written again is unchanged.
        case pcm16
        /// IEEE 32-bit float, unscaled and unclipped.
        case float32
    }

    /// Writes `clip` as a mono WAV file at `url`.
    public static func write(_ clip: AudioClip, to url: URL, format: SampleFormat = .pcm16) throws {
        try write(to: url, sampleRate: clip.sampleRate, format: format) { append in try append(clip.samples) }
    }

    /// Writes a mono WAV file at `url` whose samples `produce` hands to its `append` argument piece by
    /// piece, so a long signal never has to be in memory at once. The file appears only if `produce`
    /// returns normally.
    public static func write(to url: URL, sampleRate: Int, format: SampleFormat = .pcm16,
                             _ produce: (_ append: ([Float]) throws -> Void) throws -> Void) throws {
        try AtomicFileOutput.create(at: url) { output in
            var info = SF_INFO()
            info.samplerate = Int32(sampleRate)
            info.channels = 1
            info.format = Int32(SF_FORMAT_WAV) | Int32(format == .pcm16 ? SF_FORMAT_PCM_16 : SF_FORMAT_FLOAT)
            guard let handle = sf_open_fd(output.descriptor, Int32(SFM_WRITE), &info, 0) else {
                throw FormatError(url, "cannot write WAV: \(String(cString: sf_strerror(nil)))")
            }
            do {
                try produce { samples in
                    let written = samples.withUnsafeBufferPointer { samples in
                        format == .pcm16 ? writePCM16(samples, to: handle) : Int(sf_writef_float(handle, samples.baseAddress, sf_count_t(samples.count)))
                    }
                    if written != samples.count { throw FormatError(url, "cannot write WAV: \(String(cString: sf_strerror(handle)))") }
                }
            } catch {
                sf_close(handle)
                throw error
            }
            guard sf_close(handle) == 0 else {
                throw FormatError(url, "cannot write WAV: \(String(cString: sf_strerror(nil)))")
            }
        }
    }

    /// Converts to 16-bit samples block by block and writes them; returns the frames written.
    private static func writePCM16(_ samples: UnsafeBufferPointer<Float>, to handle: OpaquePointer) -> Int {
        var block = [Int16](repeating: 0, count: 16384)
        var written = 0
        while written < samples.count {
            let count = Swift.min(block.count, samples.count - written)
            for index in 0..<count {
                let scaled = (samples[written + index] * 32768).rounded()
                block[index] = scaled.isNaN ? 0 : Int16(Swift.min(Swift.max(scaled, -32768), 32767))
            }
            let frames = Int(sf_writef_short(handle, block, sf_count_t(count)))
            written += frames
            if frames < count { break }
        }
        return written
    }
}

extension AudioClip {
    /// Writes the clip as a mono WAV file at `url`, atomically.
    public func writeWAV(to url: URL, format: WAVEncoder.SampleFormat = .pcm16) throws {
        try WAVEncoder.write(self, to: url, format: format)
    }
}
