// libFuzzer entry point for the audio reader (built by tools/fuzz/build.sh): every input must decode
// or throw a FormatError, never crash; short clips are also resampled from whatever rate they claim.
import Foundation
import Media

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAudio(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let decoder = AudioDecoder(maximumFrames: 1 << 22)
    guard let clip = try? decoder.decode(bytes: bytes, name: "fuzz.wav") else { return 0 }
    if clip.samples.count <= 1 << 14, PolyphaseResampler.canResample(from: clip.sampleRate, to: 16000),
       max(clip.sampleRate, 16000) / gcd(clip.sampleRate, 16000) <= 4096 {
        _ = clip.resampled(to: 16000)
    }
    return 0
}

private func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
