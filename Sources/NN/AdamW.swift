import Foundation
import Tensor

/// Adam with decoupled weight decay, computed exactly as `torch.optim.AdamW` (foreach=False).
public final class AdamW {
    public struct Settings: Codable, Equatable {
        public var learningRate: Float
        public var beta1: Float = 0.9
        public var beta2: Float = 0.999
        public var epsilon: Float = 1e-8
        public var weightDecay: Float = 0.01

        public init(learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
                    weightDecay: Float = 0.01) {
            (self.learningRate, self.beta1, self.beta2, self.epsilon, self.weightDecay) =
                (learningRate, beta1, beta2, epsilon, weightDecay)
        }
    }

    public var settings: Settings
    /// Updates taken so far (bias correction uses it).
    public private(set) var step = 0
    public let parameters: [(key: String, tensor: Tensor)]
    /// First and second moment estimates, one pair per parameter.
    private var firstMoments: [Tensor]
    private var secondMoments: [Tensor]

    public init(_ parameters: [(key: String, tensor: Tensor)], settings: Settings) {
        self.parameters = parameters
        self.settings = settings
        firstMoments = parameters.map { Tensor(zeros: $0.tensor.shape) }
        secondMoments = parameters.map { Tensor(zeros: $0.tensor.shape) }
    }

    /// One update from the parameters' current gradients (parameters without one are skipped).
    public func update() {
        step += 1
        let (learningRate, beta1, beta2, epsilon) = (settings.learningRate, settings.beta1, settings.beta2, settings.epsilon)
        let decay = 1 - learningRate * settings.weightDecay
        let stepSize = learningRate / (1 - Foundation.pow(beta1, Float(step)))
        let correction2Root = (1 - Foundation.pow(beta2, Float(step))).squareRoot()
        for (index, (_, parameter)) in parameters.enumerated() {
            guard let gradient = parameter.grad else { continue }
            let value = parameter.pointer, grad = gradient.pointer
            let first = firstMoments[index].pointer, second = secondMoments[index].pointer
            parallelFor(parameter.count, grain: 1 << 15) { range in
                for i in range {
                    value[i] *= decay
                    first[i] += (grad[i] - first[i]) * (1 - beta1)
                    second[i] = second[i] * beta2 + (1 - beta2) * grad[i] * grad[i]
                    value[i] -= stepSize * first[i] / (second[i].squareRoot() / correction2Root + epsilon)
                }
            }
        }
    }

    /// Clears every parameter's gradient.
    public func zeroGrad() { parameters.forEach { $0.tensor.zeroGrad() } }

    /// Moments under `exp_avg.<key>` / `exp_avg_sq.<key>`, for training checkpoints.
    public func stateTensors() -> [(key: String, tensor: Tensor)] {
        parameters.indices.flatMap { index in
            [("exp_avg.\(parameters[index].key)", firstMoments[index]),
             ("exp_avg_sq.\(parameters[index].key)", secondMoments[index])]
        }
    }

    /// Restores moments and step from `stateTensors()` output.
    public func restore(step: Int, _ lookup: (String) throws -> Tensor?) throws {
        for (key, tensor) in stateTensors() {
            guard let stored = try lookup(key) else { throw ModuleError.missingParameter("optimizer \(key)") }
            guard stored.shape == tensor.shape else {
                throw ModuleError.shapeMismatch(key: "optimizer \(key)", expected: tensor.shape, found: stored.shape)
            }
            tensor.assign(stored)
        }
        self.step = step
    }
}
