import AudioTokenizer
import Formats
import Foundation
import Media
import Tensor

/// The EnCodec reference fixture (tools/make_audio_tokenizer_fixtures.py): weights, clips and
/// the reference tensors and summaries.
struct EncodecFixture {
    static let directory = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/encodec")

    let expected: SafetensorsFile
    let summary: JSONValue

    init() throws {
        expected = try SafetensorsFile(contentsOf: Self.directory.appendingPathComponent("expected.safetensors"))
        summary = try JSONValue.parse(Data(contentsOf: Self.directory.appendingPathComponent("expected.json")))
    }

    /// The clip records of expected.json, in order: a record's index is its clip number.
    var clips: [JSONValue] { summary.objectValue?["clips"]?.arrayValue ?? [] }

    /// Bandwidths in kbps as the fixture spells them ("0.3", …), with their level counts.
    var bandwidths: [(name: String, levels: Int)] {
        (summary.objectValue?["bandwidths"]?.objectValue ?? [:])
            .map { ($0.key, Int($0.value.integerValue ?? -1)) }
            .sorted { Float($0.name)! < Float($1.name)! }
    }

    /// Clip `index` as the fixture script feeds it: int16 / 32768 at 24 kHz. [1, 1, samples]
    func audio(clip index: Int) throws -> Tensor {
        let name = clips[index].objectValue?["audio"]?.stringValue ?? ""
        let clip = try AudioDecoder().decode(Self.directory.appendingPathComponent(name))
        precondition(clip.sampleRate == 24000, "fixture clip at \(clip.sampleRate) Hz")
        return Tensor(shape: [1, 1, clip.samples.count], values: clip.samples)
    }

    /// Reference codes [levels][frames] of clip `index` at bandwidth `name`.
    func codes(clip index: Int, bandwidth name: String) throws -> [[Int32]] {
        let key = "codes_\(index)_\(name)kbps"
        let (levels, frames) = try (expected.info(key).shape[0], expected.info(key).shape[1])
        let flat = try expected.integers(key)
        return (0..<levels).map { level in flat[(level * frames)..<((level + 1) * frames)].map { Int32($0) } }
    }

    /// The summary object of the decoded audio for clip `index` at bandwidth `name`.
    func decodedSummary(clip index: Int, bandwidth name: String) -> [String: JSONValue] {
        clips[index].objectValue?["bandwidths"]?.objectValue?[name]?.objectValue?["decoded"]?.objectValue ?? [:]
    }
}

/// The largest absolute difference between two tensors of the same size.
func maximumDifference(_ a: Tensor, _ b: Tensor) -> Float {
    precondition(a.count == b.count, "sizes \(a.shape) and \(b.shape)")
    return zip(a.toArray(), b.toArray()).reduce(0) { Swift.max($0, abs($1.0 - $1.1)) }
}
