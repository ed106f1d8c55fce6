import Foundation

/// transformers' `EncodecModel` timed by tools/bench_audio_torch.py on the same clips and weights.
struct TorchAudioReference {
    /// Best-of-two seconds to encode (all levels) and decode every clip: wall clock and process CPU time.
    let encodeSeconds: Double, decodeSeconds: Double, encodeCPUSeconds: Double, decodeCPUSeconds: Double
    /// PyTorch's version and thread count.
    let torchVersion: String, threads: Int
    /// Each clip's codes [levels][frames].
    let codes: [[[Int]]]

    /// Runs `script` with python3 on `clips` (at the model's rate) and the tokenizer `directory`.
    init(script: URL, directory: URL, clips: [[Float]], threads: Int, scratch: URL) throws {
        let audio = scratch.appendingPathComponent("clips.f32")
        try Array(clips.joined()).withUnsafeBufferPointer { Data(buffer: $0) }.write(to: audio)  // little-endian float32
        let output = try ExternalProgram.run("python3", [script.path, "--tokenizer", directory.path, "--audio", audio.path,
                                                         "--lengths", clips.map { String($0.count) }.joined(separator: ","),
                                                         "--threads", String(threads)])
        struct Reply: Decodable {
            let threads: Int, torch: String, codes: [[[Int]]]
            let encode_seconds: Double, decode_seconds: Double, encode_cpu_seconds: Double, decode_cpu_seconds: Double
        }
        let reply = try JSONDecoder().decode(Reply.self, from: output)
        (encodeSeconds, decodeSeconds, encodeCPUSeconds, decodeCPUSeconds) =
            (reply.encode_seconds, reply.decode_seconds, reply.encode_cpu_seconds, reply.decode_cpu_seconds)
        (torchVersion, self.threads, codes) = (reply.torch, reply.threads, reply.codes)
    }
}
