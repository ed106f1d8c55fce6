import Foundation
import Media

/// codec2 (Debian package `codec2`, programs `c2enc` and `c2dec`) as the reference low-bitrate
/// speech codec: it runs on 8 kHz 16-bit raw audio.
enum Codec2Reference {
    /// The modes compared, with their bitrates in kbps.
    static let modes: [(name: String, kbps: Double)] = [("700C", 0.7), ("1200", 1.2), ("1300", 1.3), ("1600", 1.6), ("2400", 2.4)]

    /// `samples` at `sampleRate` coded and decoded by codec2 in `mode`: resampled to 8 kHz, written as
    /// 16-bit PCM to `scratch`, through `c2enc` and `c2dec`, and resampled back to `sampleRate`.
    static func roundTrip(_ samples: [Float], sampleRate: Int, mode: String, scratch: URL) throws -> [Float] {
        let raw = scratch.appendingPathComponent("clip.raw"), bits = scratch.appendingPathComponent("clip.c2")
        let decoded = scratch.appendingPathComponent("decoded.raw")
        let narrow = AudioClip(samples: samples, sampleRate: sampleRate).resampled(to: 8000).samples
        try Data(narrow.flatMap { value -> [UInt8] in
            let integer = Int16((Swift.max(-1, Swift.min(1, value)) * 32767).rounded())
            return [UInt8(truncatingIfNeeded: integer), UInt8(truncatingIfNeeded: integer >> 8)]
        }).write(to: raw)
        _ = try ExternalProgram.run("c2enc", [mode, raw.path, bits.path])
        _ = try ExternalProgram.run("c2dec", [mode, bits.path, decoded.path])
        let bytes = [UInt8](try Data(contentsOf: decoded))
        let values = stride(from: 0, to: bytes.count - 1, by: 2).map { index in
            Float(Int16(bitPattern: UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8)) / 32768
        }
        return AudioClip(samples: values, sampleRate: 8000).resampled(to: sampleRate).samples
    }
}
