import AudioTokenizer
import Formats
import Foundation
import Tensor
import TestSupport
import XCTest

/// EncodecModel against Hugging Face transformers on the committed random model and clips.
final class EncodecParityTests: XCTestCase {
    func testEncoderOutputMatchesReference() throws {
        let fixture = try EncodecFixture()
        let model = try EncodecModel(contentsOf: EncodecFixture.directory)
        for index in fixture.clips.indices {
            let embeddings = try withoutGradient { try model.embeddings(fixture.audio(clip: index)) }  // [1, 32, 50]
            let reference = try fixture.expected.tensor("embeddings_\(index)")  // [32, 50]
            XCTAssertEqual(embeddings.shape, [1] + reference.shape)
            XCTAssertLessThan(maximumDifference(embeddings, reference), 1e-4, "clip \(index)")
        }
    }

    func testLevelsFollowBandwidth() throws {
        let fixture = try EncodecFixture()
        let model = try EncodecModel(contentsOf: EncodecFixture.directory)
        XCTAssertEqual(fixture.bandwidths.count, 4)
        for (name, levels) in fixture.bandwidths {
            XCTAssertEqual(model.levels(forBandwidth: Float(name)!), levels, "\(name) kbps")
        }
        XCTAssertEqual(model.levels(forBandwidth: 0), 8)
    }

    func testCodesMatchReferenceAtEveryBandwidth() throws {
        let fixture = try EncodecFixture()
        let model = try EncodecModel(contentsOf: EncodecFixture.directory)
        for index in fixture.clips.indices {
            let audio = try fixture.audio(clip: index)
            for (name, _) in fixture.bandwidths {
                let codes = try withoutGradient { try model.encode(audio, bandwidth: Float(name)!) }
                let reference = try fixture.codes(clip: index, bandwidth: name)
                XCTAssertEqual(codes.count, 1)
                let agreement = Self.agreement(codes[0], reference)
                XCTAssertGreaterThanOrEqual(agreement, 0.99, "clip \(index) at \(name) kbps")
                // Where the best code wins by a clear margin, no float32 reordering may flip it.
                let margins = try fixture.expected.tensor("code_margins_\(index)").toArray()  // [8 · 50]
                let frames = reference[0].count
                for (level, row) in reference.enumerated() where codes[0].count == reference.count {
                    for frame in 0..<frames where margins[level * frames + frame] > 1e-4 {
                        XCTAssertEqual(codes[0][level][frame], row[frame], "clip \(index) level \(level) frame \(frame)")
                    }
                }
            }
        }
    }

    func testBatchOfClipsGivesEachClipsCodesAndAudio() throws {
        let fixture = try EncodecFixture()
        let model = try EncodecModel(contentsOf: EncodecFixture.directory)
        let batch = try Tensor.concat([fixture.audio(clip: 0), fixture.audio(clip: 1)], axis: 0)  // [2, 1, 24000]
        let codes = try withoutGradient { try model.encode(batch, bandwidth: 1.2) }
        XCTAssertEqual(codes.count, 2)
        for index in 0..<2 {
            XCTAssertGreaterThanOrEqual(Self.agreement(codes[index], try fixture.codes(clip: index, bandwidth: "1.2")), 0.99)
        }
        let audio = try withoutGradient { try model.decode(codes: codes) }  // [2, 1, 24000]
        XCTAssertEqual(audio.shape, [2, 1, 24000])
        let second = try withoutGradient { try model.decode(codes: [codes[1]]) }
        XCTAssertLessThan(maximumDifference(audio.slice(axis: 0, 1..<2), second), 1e-5)
    }

    func testDecodedAudioMatchesReference() throws {
        let fixture = try EncodecFixture()
        let model = try EncodecModel(contentsOf: EncodecFixture.directory)
        for name in ["0.3", "2.4"] {
            let audio = try withoutGradient { try model.decode(codes: [fixture.codes(clip: 0, bandwidth: name)]) }  // [1, 1, 24000]
            let reference = try fixture.expected.tensor("decoded_0_\(name)kbps")
            XCTAssertEqual(audio.shape, [1, 1, reference.count])
            XCTAssertLessThan(maximumDifference(audio, reference), 1e-3, "\(name) kbps")
        }
    }

    func testDecodedSummariesMatchReference() throws {
        let fixture = try EncodecFixture()
        let model = try EncodecModel(contentsOf: EncodecFixture.directory)
        for index in fixture.clips.indices {
            for (name, _) in fixture.bandwidths {
                let audio = try withoutGradient { try model.decode(codes: [fixture.codes(clip: index, bandwidth: name)]) }.toArray()
                let summary = fixture.decodedSummary(clip: index, bandwidth: name)
                let first = summary["first"]?.arrayValue?.compactMap(\.doubleValue) ?? []
                XCTAssertEqual(first.count, 8)
                for (value, expected) in zip(audio, first) { XCTAssertEqual(Double(value), expected, accuracy: 1e-3) }
                let sum = audio.reduce(0.0) { $0 + Double($1) }, absoluteSum = audio.reduce(0.0) { $0 + abs(Double($1)) }
                XCTAssertEqual(sum, summary["sum"]?.doubleValue ?? .nan, accuracy: 1e-3 * Double(audio.count), "clip \(index) \(name)")
                XCTAssertEqual(absoluteSum, summary["abs_sum"]?.doubleValue ?? .nan, accuracy: 1e-3 * Double(audio.count))
            }
        }
    }

    func testLegacyWeightNormSpellingGivesIdenticalCodes() throws {
        let directory = try makeTemporaryDirectory()
        let source = try SafetensorsFile(contentsOf: EncodecFixture.directory.appendingPathComponent("model.safetensors"))
        let renamed = try source.tensorNames.map { name in
            (name: name.replacingOccurrences(of: "parametrizations.weight.original0", with: "weight_g")
                .replacingOccurrences(of: "parametrizations.weight.original1", with: "weight_v"),
             tensor: try source.tensor(name))
        }
        XCTAssertTrue(renamed.contains { $0.name.hasSuffix("conv.weight_g") })
        try SafetensorsWriter.write(renamed, to: directory.appendingPathComponent("model.safetensors"))
        try FileManager.default.copyItem(at: EncodecFixture.directory.appendingPathComponent("config.json"),
                                         to: directory.appendingPathComponent("config.json"))
        let modern = try EncodecModel(contentsOf: EncodecFixture.directory)
        let legacy = try EncodecModel(contentsOf: directory)
        let audio = try EncodecFixture().audio(clip: 1)
        let expected = try withoutGradient { try modern.encode(audio, bandwidth: 2.4) }
        XCTAssertEqual(try withoutGradient { try legacy.encode(audio, bandwidth: 2.4) }, expected)
    }

    func testMissingParameterIsNamed() throws {
        let directory = try makeTemporaryDirectory()
        try SafetensorsWriter.write([(name: "unrelated", tensor: Tensor(zeros: [1]))],
                                    to: directory.appendingPathComponent("model.safetensors"))
        let model = try EncodecModel(contentsOf: EncodecFixture.directory)
        assertFormatError(try model.load(from: directory), path: directory, contains: "missing parameter encoder.layers.0.conv")
    }

    /// The fraction of positions where two code grids agree.
    static func agreement(_ codes: [[Int32]], _ reference: [[Int32]]) -> Double {
        guard codes.count == reference.count, zip(codes, reference).allSatisfy({ $0.count == $1.count }) else { return 0 }
        let pairs = zip(codes.joined(), reference.joined())
        return Double(pairs.filter { $0 == $1 }.count) / Double(reference.joined().count)
    }
}
