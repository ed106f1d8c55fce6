import TestSupport
import Formats
import Foundation
import TextTokenizer
import XCTest

/// The parity fixtures written by tools/make_text_fixtures.py.
enum Fixtures {
    /// What Python sentencepiece made of one trained model.
    struct EncodingModel: Decodable {
        struct Case: Decodable {
            let text: String
            let ids: [Int]
            let decoded: String
        }

        struct DecodeCase: Decodable {
            let ids: [Int]
            let decoded: String
        }

        let options: SentencePieceTrainingOptions
        let file: String
        let sha256: String
        let vocab_size: Int
        let bos_id: Int
        let eos_id: Int
        let unk_id: Int
        let pad_id: Int
        let pieces: [String]
        let cases: [Case]
        let decode_cases: [DecodeCase]
    }

    /// The pieces and scores of a model Python trained.
    struct TrainedModel: Decodable {
        let options: SentencePieceTrainingOptions
        let pieces: [String]
        let scores: [Float]
    }

    struct File<Model: Decodable>: Decodable {
        let sentencepiece_version: String
        let models: [String: Model]
    }

    /// The URL of a file under Tests/TextTokenizerTests/Fixtures.
    static func url(_ name: String) throws -> URL {
        try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil),
                      "missing fixture \(name); run tools/make_text_fixtures.py")
    }

    static func encoding() throws -> File<EncodingModel> {
        try JSONDecoder().decode(File<EncodingModel>.self, from: Data(contentsOf: url("expected.json")))
    }

    static func training(version: String) throws -> File<TrainedModel> {
        try JSONDecoder().decode(File<TrainedModel>.self, from: Data(contentsOf: url("training-\(version).json")))
    }
}
