import Foundation
import Formats
import ImageTokenizer
import Media
import NN
import Tensor
import TestSupport
import XCTest

/// Training the image tokenizer on the real drawings of the parity fixtures, at 32×32.
final class ImageTokenizerTrainingTests: XCTestCase {
    static let images = (0..<4).map { JanusParityTests.directory.appendingPathComponent("image-64-\($0).png") }

    /// Two levels of 32 channels, a 16-row codebook of dimension 4: a 32×32 image becomes 16×16 codes.
    static var config: JanusVQVAEConfig {
        var config = JanusVQVAEConfig()
        (config.baseChannels, config.channelMultiplier, config.residualBlocksPerLevel) = (32, [1, 1], 1)
        (config.latentChannels, config.embeddingDimension, config.codebookSize, config.patchesPerSide) = (32, 4, 16, 16)
        return config
    }

    static func options(steps: Int) -> ImageTokenizerTrainingOptions {
        var options = ImageTokenizerTrainingOptions()
        (options.steps, options.batchSize, options.learningRate, options.warmupSteps) = (steps, 2, 2e-3, 1)
        (options.kMeansImages, options.kMeansIterations, options.restartInterval) = (4, 5, 3)
        return options
    }

    static func trainer(steps: Int, options: ImageTokenizerTrainingOptions? = nil) throws -> ImageTokenizerTrainer {
        let data = try ImageTrainingSet(files: images, size: 32)
        return ImageTokenizerTrainer(config: config, options: options ?? Self.options(steps: steps), data: data)
    }

    func testLossGoesDownOnRealImages() throws {
        let trainer = try Self.trainer(steps: 16)
        trainer.initializeCodebook()
        let losses = (0..<16).map { _ in trainer.trainStep().l1 }
        XCTAssert(losses.allSatisfy(\.isFinite))
        let (first, last) = (losses.prefix(3).reduce(0, +) / 3, losses.suffix(3).reduce(0, +) / 3)
        XCTAssertLessThan(last, 0.7 * first, "L1 \(losses)")
    }

    func testResumeContinuesExactly() throws {
        let straight = try Self.trainer(steps: 6)
        straight.initializeCodebook()
        let expected = (0..<6).map { _ in straight.trainStep().loss }

        let directory = try makeTemporaryDirectory()
        let first = try Self.trainer(steps: 6)
        first.initializeCodebook()
        var losses = (0..<4).map { _ in first.trainStep().loss }  // crosses a dead-code window at step 3
        try first.saveCheckpoint(to: directory)
        let resumed = try Self.trainer(steps: 6)
        try resumed.resume(from: directory)
        XCTAssertEqual(resumed.step, 4)
        losses += (0..<2).map { _ in resumed.trainStep().loss }
        XCTAssertEqual(losses, expected)
        for (left, right) in zip(straight.model.parameters, resumed.model.parameters) { XCTAssertEqual(left.toArray(), right.toArray()) }
    }

    func testResumeRefusesOtherOptions() throws {
        let directory = try makeTemporaryDirectory()
        let trainer = try Self.trainer(steps: 2)
        _ = trainer.trainStep()
        try trainer.saveCheckpoint(to: directory)
        var other = Self.options(steps: 2)
        other.l1Weight = 3
        XCTAssertThrowsError(try Self.trainer(steps: 2, options: other).resume(from: directory)) { error in
            XCTAssert("\(error)".contains("other training options"), "\(error)")
        }
    }

    func testDiscriminatorJoinsAfterItsStart() throws {
        var options = Self.options(steps: 3)
        options.discriminatorStart = 1
        let trainer = try Self.trainer(steps: 3, options: options)
        let reports = (0..<3).map { _ in trainer.trainStep() }
        XCTAssertNil(reports[0].discriminator)
        XCTAssert(reports.dropFirst().allSatisfy { $0.discriminator?.isFinite == true })
    }

    func testExportedDirectoryEncodesAsTrained() throws {
        let trainer = try Self.trainer(steps: 3)
        trainer.initializeCodebook()
        for _ in 0..<3 { _ = trainer.trainStep() }
        let directory = try makeTemporaryDirectory()
        try trainer.model.save(to: directory)
        let loaded = try JanusVQVAE.load(from: directory)
        XCTAssertEqual(loaded.config, Self.config)
        let images = trainer.data.batch([0, 1, 2, 3], mirror: [false, false, false, false])
        let trained = try withoutGradient { trainer.model.quantizer.trainingForward(try trainer.model.latents(images)).codes }
        XCTAssertEqual(try withoutGradient { try loaded.encode(images).codes }, trained)
        // Stored rows are unit length, so HF's raw search and decode see the trained codebook.
        let rows = loaded.quantizer.embedding.toArray()
        for row in 0..<16 {
            XCTAssertEqual(rows[(row * 4)..<(row * 4 + 4)].reduce(0) { $0 + $1 * $1 }, 1, accuracy: 1e-5)
        }
    }
}
