import TestSupport
import Formats
import Foundation
import TextTokenizer
import XCTest

/// Models that crashed libsentencepiece under mutation testing are refused on loading instead.
final class CorruptModelTests: XCTestCase {
    /// A fixture model with some bytes changed and its length cut, as recorded in corrupt-models.json.
    struct Mutant: Decodable {
        let base: String
        let length: Int
        /// Pairs of [offset, new byte value].
        let changes: [[Int]]
        let problem: String

        func bytes() throws -> Data {
            var bytes = try Data(contentsOf: Fixtures.url(base)).prefix(length)
            for change in changes { bytes[change[0]] = UInt8(change[1]) }
            return bytes
        }
    }

    static func mutants() throws -> [Mutant] {
        try JSONDecoder().decode([Mutant].self, from: Data(contentsOf: Fixtures.url("adversarial/corrupt-models.json")))
    }

    func testModelsThatCrashedSentencePieceAreRefused() throws {
        let mutants = try Self.mutants()
        XCTAssertGreaterThan(mutants.count, 5)
        for (index, mutant) in mutants.enumerated() {
            assertFormatError(try SentencePieceTokenizer(modelData: mutant.bytes(), source: "mutant \(index)"),
                              path: "mutant \(index)", contains: mutant.problem)
        }
    }

    func testSoundModelsOfEveryNormalizationPass() throws {
        // The check must not refuse real tables: the fixtures use nmt_nfkc; train the other built-in rules.
        for rule in SentencePieceTrainingOptions.NormalizationRule.allCases {
            let options = SentencePieceTrainingOptions(vocabularySize: 400, normalizationRule: rule, characterCoverage: 0.98, threads: 1)
            XCTAssertNoThrow(try SentencePieceTrainer.train(files: [Fixtures.url("corpus.txt")], options: options), rule.rawValue)
        }
    }
}
