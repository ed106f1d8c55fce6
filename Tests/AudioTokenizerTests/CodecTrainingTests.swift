import AudioTokenizer
import Foundation
import Tensor
import XCTest

/// Codec training on the fixture recordings (real espeak-ng speech): the loss falls, quantizer
/// dropout draws from the configured bandwidths, and the discriminator's losses join when it starts.
final class CodecTrainingTests: XCTestCase {
    /// A codec small enough to train in a debug build within seconds: 16 kHz, hop 320, 4 base
    /// channels, 16-dimensional codes, 64-entry codebooks, 1 or 2 levels.
    private func tinyTrainer(discriminatorStart: Int? = nil) throws -> (CodecTrainer, AudioSegmentSource) {
        let config = try EncodecConfiguration.small(sampleRate: 16000, ratios: [8, 5, 4, 2], filters: 4, hiddenSize: 16,
                                                    lstmLayers: 1, codebookSize: 64, bandwidths: [0.3, 0.6])
        var settings = CodecTrainingSettings()
        (settings.steps, settings.batchSize, settings.segmentSamples) = (12, 2, 5120)
        (settings.learningRate, settings.warmupSteps, settings.kMeansBatches) = (3e-3, 1, 2)
        settings.discriminatorStart = discriminatorStart
        let model = EncodecModel(config: config)
        model.initializeForTraining(seed: 0)
        let source = try AudioSegmentSource(data: EncodecFixture.directory, sampleRate: 16000)
        let trainer = CodecTrainer(model: model, settings: settings)
        let kMeansAudio = try Tensor.concat((1...2).map { try source.batch(step: -$0, seed: 0, size: 2, samples: 5120) }, axis: 0)
        trainer.startCodebooks(from: kMeansAudio)
        return (trainer, source)
    }

    func testLossFallsOnRealSpeech() throws {
        let (trainer, source) = try tinyTrainer()
        XCTAssertEqual(source.files.map(\.lastPathComponent), ["speech-0.wav", "speech-1.wav"])
        XCTAssertEqual(trainer.levelChoices, [1, 2])
        let heldBatch = try source.batch(step: -100, seed: 0, size: 2, samples: 5120)
        let before = trainer.evaluate(heldBatch)
        var levelsSeen = Set<Int>()
        for step in 0..<trainer.settings.steps {
            let report = trainer.step(try source.batch(step: step, seed: 0, size: 2, samples: 5120), step: step)
            XCTAssertTrue(report.total.isFinite)
            XCTAssertEqual(report.usage.count, 2)
            levelsSeen.insert(report.levels)
        }
        let after = trainer.evaluate(heldBatch)
        XCTAssertLessThan(after.mel, before.mel * 0.9, "mel distance \(before.mel) → \(after.mel)")
        XCTAssertEqual(levelsSeen, [1, 2])
    }

    func testDiscriminatorLossesJoinAtTheirStartStep() throws {
        let (trainer, source) = try tinyTrainer(discriminatorStart: 1)
        let first = trainer.step(try source.batch(step: 0, seed: 0, size: 2, samples: 5120), step: 0)
        XCTAssertEqual([first.adversarial, first.featureMatching, first.discriminator], [0, 0, 0])
        let second = trainer.step(try source.batch(step: 1, seed: 0, size: 2, samples: 5120), step: 1)
        XCTAssertGreaterThan(second.adversarial, 0)
        XCTAssertGreaterThan(second.featureMatching, 0)
        XCTAssertGreaterThan(second.discriminator, 0)
        XCTAssertGreaterThan(second.total, second.time + second.mel)
    }

    func testBatchesDependOnlyOnSeedAndStep() throws {
        let source = try AudioSegmentSource(data: EncodecFixture.directory, sampleRate: 16000)
        let first = try source.batch(step: 7, seed: 3, size: 2, samples: 4000).toArray()
        XCTAssertEqual(try source.batch(step: 7, seed: 3, size: 2, samples: 4000).toArray(), first)
        XCTAssertNotEqual(try source.batch(step: 8, seed: 3, size: 2, samples: 4000).toArray(), first)
        XCTAssertNotEqual(try source.batch(step: 7, seed: 4, size: 2, samples: 4000).toArray(), first)
    }
}
