import Foundation
import NN
import Tensor

/// Trains a `LlamaForCausalLM` on packed sequences: gradient accumulation, warm-up + cosine,
/// AdamW, clipping, per-class loss weights, and optionally only the new rows of the
/// embedding and head (`options.frozenRows`).
public final class LMTrainer {
    /// The model being trained.
    public let model: LlamaForCausalLM
    /// The run's settings.
    public let options: LMTrainingOptions
    /// The training windows.
    public let data: PackedSequences
    /// The loss classes and their weights.
    public let classes: TokenClasses
    /// AdamW over the trained parameters (all, or the embedding and head for the vocab stage).
    public let optimizer: AdamW
    /// Warm-up then cosine decay of the learning rate.
    public let schedule: WarmupCosineSchedule
    /// Updates taken so far.
    public private(set) var step = 0
    /// The trained tensors whose first `frozenRows` rows must not change, with those rows' values.
    private let frozenRowValues: [(tensor: Tensor, rows: Tensor)]

    /// A trainer of `model` on `data`. With `options.frozenRows`, only the embedding and head
    /// train and their first rows are restored after every update (weight decay included).
    public init(model: LlamaForCausalLM, data: PackedSequences, classes: TokenClasses, options: LMTrainingOptions) {
        precondition(options.problem == nil, options.problem ?? "")
        (self.model, self.data, self.classes, self.options) = (model, data, classes, options)
        var trained = model.namedParameters()
        if let frozenRows = options.frozenRows {
            let rowTensors = [model.model.embedTokens.weight, model.headWeight]
            trained = trained.filter { parameter in rowTensors.contains { $0 === parameter.tensor } }
            for parameter in model.parameters { parameter.requiresGrad = trained.contains { $0.tensor === parameter } }
            frozenRowValues = trained.map { ($0.tensor, $0.tensor.slice(axis: 0, 0..<Swift.min(frozenRows, $0.tensor.shape[0])).detached()) }
        } else {
            frozenRowValues = []
        }
        optimizer = AdamW(trained, settings: AdamW.Settings(learningRate: options.learningRate, weightDecay: options.weightDecay))
        schedule = WarmupCosineSchedule(peak: options.learningRate, minimum: options.minimumLearningRate,
                                        warmupSteps: options.warmupSteps, totalSteps: options.steps)
    }

    /// Ids per optimizer step.
    public var tokensPerStep: Int { options.batchSize * options.accumulation * options.sequenceLength }

    /// One optimizer step over `accumulation` micro-batches; returns their mean loss.
    @discardableResult
    public func trainStep() -> Float {
        optimizer.zeroGrad()
        var total: Float = 0
        for micro in 0..<options.accumulation {
            let windows = data.windows(ofBatch: step * options.accumulation + micro, size: options.batchSize, seed: options.seed)
            let loss = self.loss(windows)
            (loss * (1 / Float(options.accumulation))).backward()
            total += loss.item
        }
        let trained = optimizer.parameters.map(\.tensor)
        if let frozenRows = options.frozenRows {
            for tensor in trained { tensor.grad.map { zeroRows($0, count: frozenRows) } }
        }
        clipGradientNorm(trained, maxNorm: options.clipNorm)
        optimizer.settings.learningRate = schedule.learningRate(at: step)
        optimizer.update()
        for (tensor, rows) in frozenRowValues { (tensor.pointer).update(from: rows.pointer, count: rows.count) }
        step += 1
        return total / Float(options.accumulation)
    }

    /// The weighted mean loss of `windows` (a scalar that records for backward).
    private func loss(_ windows: [Int]) -> Tensor {
        let (inputs, targets) = data.batch(windows)
        let logits = model(inputs, batch: windows.count)  // [batch, time, vocabulary]
        let rows = logits.reshaped([-1, model.config.vocabularySize])  // [batch·time, vocabulary]
        return crossEntropy(logits: rows, targets: targets, weights: classes.weights(of: targets),
                            ignoreIndex: PackedSequences.ignoredTarget)
    }

    /// Zeroes the first `count` rows of a [rows, columns] gradient.
    private func zeroRows(_ gradient: Tensor, count: Int) {
        gradient.pointer.update(repeating: 0, count: Swift.min(count, gradient.shape[0]) * gradient.shape[1])
    }

    /// The mean negative log-likelihood per class and over all predicted targets ("all") on the
    /// first `windows` windows of `heldout` (in batches of `options.batchSize`), unweighted.
    /// Classes with no target in those windows are left out.
    public func evaluate(_ heldout: PackedSequences, windows: Int) -> [String: Float] {
        var sums = [Double](repeating: 0, count: classes.names.count), counts = [Int](repeating: 0, count: classes.names.count)
        let all = Array(0..<Swift.min(windows, heldout.windowCount))
        for start in stride(from: 0, to: all.count, by: options.batchSize) {
            let batch = Array(all[start..<Swift.min(all.count, start + options.batchSize)])
            let (inputs, targets) = heldout.batch(batch)
            let logProbabilities = withoutGradient { model(inputs, batch: batch.count).logSoftmax() }  // [batch, time, vocabulary]
            let vocabulary = model.config.vocabularySize
            for (row, target) in targets.enumerated() where target != PackedSequences.ignoredTarget {
                let index = classes.classIndex(of: target)
                sums[index] -= Double(logProbabilities.pointer[row * vocabulary + Int(target)])
                counts[index] += 1
            }
        }
        var losses: [String: Float] = [:]
        for (index, name) in classes.names.enumerated() where counts[index] > 0 { losses[name] = Float(sums[index] / Double(counts[index])) }
        let totalCount = counts.reduce(0, +)
        if totalCount > 0 { losses["all"] = Float(sums.reduce(0, +) / Double(totalCount)) }
        return losses
    }

    /// Writes the parameters, optimizer state, step and `metadata` atomically.
    public func saveCheckpoint(to url: URL, metadata: [String: String] = [:]) throws {
        try TrainingCheckpoint.save(to: url, model: model, optimizer: optimizer,
                                    state: .init(step: step, generator: RandomGenerator(seed: options.seed), metadata: metadata))
    }

    /// Restores a checkpoint written by `saveCheckpoint` and returns its metadata.
    public func restoreCheckpoint(from url: URL) throws -> [String: String] {
        let state = try TrainingCheckpoint.load(from: url, model: model, optimizer: optimizer)
        step = state.step
        return state.metadata
    }
}
