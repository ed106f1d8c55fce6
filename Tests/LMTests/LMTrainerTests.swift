import LM
import Tensor
import XCTest

/// The trainer on a tiny model and real ids (the fixtures' SentencePiece ids of the GPL text).
final class LMTrainerTests: XCTestCase {
    private func trainer(frozenRows: Int?) throws -> LMTrainer {
        let fixture = try LMFixture("tied")
        let ids = fixture.generations.flatMap { $0.prompt + $0.new_ids }.map(Int.init) + fixture.inputIDs.map(Int.init)
        var options = LMTrainingOptions()
        (options.steps, options.batchSize, options.sequenceLength, options.warmupSteps, options.learningRate) = (12, 2, 16, 2, 1e-2)
        options.frozenRows = frozenRows
        var config = LlamaCheckpointTests.smallConfig
        config.vocabularySize = 600
        return LMTrainer(model: LlamaForCausalLM(config: config, seed: 1), data: PackedSequences(documents: [ids], sequenceLength: 16),
                         classes: .single(vocabularySize: 600), options: options)
    }

    func testLossGoesDown() throws {
        let trainer = try trainer(frozenRows: nil)
        let before = trainer.evaluate(trainer.data, windows: 8)["all"]!
        for _ in 0..<12 { trainer.trainStep() }
        XCTAssertLessThan(trainer.evaluate(trainer.data, windows: 8)["all"]!, before - 0.5)
    }

    func testFrozenRowsAndFrozenLayersStayBitIdentical() throws {
        let trainer = try trainer(frozenRows: 500)
        let before = trainer.model.namedParameters().map { ($0.key, $0.tensor.toArray()) }
        for _ in 0..<3 { trainer.trainStep() }
        for ((key, old), (_, tensor)) in zip(before, trainer.model.namedParameters()) {
            let new = tensor.toArray()
            if tensor === trainer.model.headWeight || tensor === trainer.model.model.embedTokens.weight {
                let kept = 500 * tensor.shape[1]
                XCTAssertEqual(Array(new.prefix(kept)), Array(old.prefix(kept)), key)
                XCTAssertNotEqual(Array(new.dropFirst(kept)), Array(old.dropFirst(kept)), key)
            } else {
                XCTAssertEqual(new, old, key)
            }
        }
    }
}
