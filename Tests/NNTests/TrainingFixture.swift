import Foundation
import NN
import Tensor
import XCTest

/// A PyTorch training run recorded by tools/make_training_fixtures.py: initial parameters,
/// fixed data, optimizer settings and the loss after each of its steps.
struct TrainingFixture: Decodable {
    struct Array: Decodable {
        let shape: [Int]
        let data: [Float]
        var tensor: Tensor { Tensor(shape: shape, values: data) }
    }

    struct Optimizer: Decodable {
        let learning_rate: Float, beta1: Float, beta2: Float, epsilon: Float, weight_decay: Float
        let clip_norm: Float, warmup_steps: Int, minimum_learning_rate: Float
    }

    let parameters: [String: Array]
    let floats: [String: Array]
    let integers: [String: [Int]]
    let optimizer: Optimizer
    let steps: Int
    let losses: [Float]

    static func named(_ name: String) throws -> TrainingFixture {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/training/\(name)", withExtension: "json"),
                                "missing fixture \(name); run tools/make_training_fixtures.py")
        return try JSONDecoder().decode(TrainingFixture.self, from: Data(contentsOf: url))
    }

    func float(_ key: String) -> Tensor { floats[key]!.tensor }
    func ids(_ key: String) -> [Int32] { integers[key]!.map(Int32.init) }

    /// Loads the initial parameters into `model` (every key must match).
    func load(into model: Module) throws {
        try model.load(parameters.mapValues(\.tensor))
        XCTAssertEqual(Set(model.namedParameters().map(\.key)), Set(parameters.keys), "module keys differ from PyTorch's")
    }

    /// Trains `model` with the fixture's AdamW, clipping and schedule; returns each step's loss.
    func train(_ model: Module, steps: Int? = nil, optimizer existing: AdamW? = nil, firstStep: Int = 0,
               loss: () -> Tensor) -> [Float] {
        let settings = AdamW.Settings(learningRate: optimizer.learning_rate, beta1: optimizer.beta1, beta2: optimizer.beta2,
                                      epsilon: optimizer.epsilon, weightDecay: optimizer.weight_decay)
        let adam = existing ?? AdamW(model.namedParameters(), settings: settings)
        let schedule = WarmupCosineSchedule(peak: optimizer.learning_rate, minimum: optimizer.minimum_learning_rate,
                                            warmupSteps: optimizer.warmup_steps, totalSteps: self.steps)
        return (firstStep..<(firstStep + (steps ?? self.steps))).map { step in
            adam.settings.learningRate = schedule.learningRate(at: step)
            adam.zeroGrad()
            let value = loss()
            value.backward()
            clipGradientNorm(model.parameters, maxNorm: optimizer.clip_norm)
            adam.update()
            return value.item
        }
    }
}
