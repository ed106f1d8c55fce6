import Foundation
import NN
import Tensor
import XCTest

/// A run stopped, saved and resumed from its checkpoint continues bit for bit.
final class TrainingCheckpointTests: XCTestCase {
    func testResumeReproducesUninterruptedRun() throws {
        let fixture = try TrainingFixture.named("mlp")
        let inputs = fixture.float("inputs"), targets = fixture.ids("targets")
        func freshModel() throws -> TrainingParityTests.MLP {
            var generator = RandomGenerator(seed: 0)
            let model = TrainingParityTests.MLP(generator: &generator)
            try fixture.load(into: model)
            return model
        }
        func loss(_ model: TrainingParityTests.MLP) -> Tensor {
            crossEntropy(logits: model.fc2(model.fc1(inputs).gelu()), targets: targets)
        }

        let straight = try freshModel()
        let uninterrupted = fixture.train(straight) { loss(straight) }

        let first = try freshModel()
        let settings = AdamW.Settings(learningRate: 0, beta1: fixture.optimizer.beta1, beta2: fixture.optimizer.beta2,
                                      epsilon: fixture.optimizer.epsilon, weightDecay: fixture.optimizer.weight_decay)
        let firstOptimizer = AdamW(first.namedParameters(), settings: settings)
        let head = fixture.train(first, steps: 8, optimizer: firstOptimizer) { loss(first) }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-resume-\(UUID()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        let generator = RandomGenerator(seed: 42)
        try TrainingCheckpoint.save(to: url, model: first, optimizer: firstOptimizer,
                                    state: .init(step: 8, generator: generator, metadata: ["data.position": "64"]))

        let resumed = try freshModel()
        // Scramble the parameters first: the checkpoint must restore every one of them.
        resumed.parameters.forEach { $0.assign(Tensor(shape: $0.shape, repeating: 0.5)) }
        let resumedOptimizer = AdamW(resumed.namedParameters(), settings: settings)
        let state = try TrainingCheckpoint.load(from: url, model: resumed, optimizer: resumedOptimizer)
        XCTAssertEqual(state.step, 8)
        XCTAssertEqual(state.generator.state, generator.state)
        XCTAssertEqual(state.metadata, ["data.position": "64"])
        let tail = fixture.train(resumed, steps: fixture.steps - 8, optimizer: resumedOptimizer, firstStep: 8) { loss(resumed) }

        XCTAssertEqual(head + tail, uninterrupted, "resumed losses differ from the uninterrupted run")
        for (a, b) in zip(straight.parameters, resumed.parameters) { XCTAssertEqual(a.toArray(), b.toArray()) }
    }

    func testLoadRefusesWrongShapes() throws {
        var generator = RandomGenerator(seed: 1)
        let model = Linear(3, 2, generator: &generator)
        XCTAssertThrowsError(try model.load(["weight": Tensor(zeros: [2, 4]), "bias": Tensor(zeros: [2])])) { error in
            XCTAssertEqual("\(error)", "parameter weight has shape [2, 4], expected [2, 3]")
        }
        XCTAssertThrowsError(try model.load(["weight": Tensor(zeros: [2, 3])])) { error in
            XCTAssertEqual("\(error)", "missing parameter bias")
        }
    }
}
