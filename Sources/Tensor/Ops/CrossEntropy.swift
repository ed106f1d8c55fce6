import Foundation

// cross_entropy — backward: dlogits[i] = (softmax(logits[i]) − onehot(targets[i]))·wᵢ/W · dLoss,
// zero for ignored rows.
/// The weighted mean negative log-likelihood of `targets` under softmax(`logits`), a scalar:
/// Σᵢ wᵢ·nllᵢ / Σᵢ wᵢ over the rows whose target is not `ignoreIndex` (wᵢ = 1 without
/// `weights`; 0 when no row counts).
///
/// `logits` is [tokens, vocabulary]. Fused: each row's log-sum-exp is computed in place of a
/// log-softmax tensor, and only those are kept for backward.
public func crossEntropy(logits: Tensor, targets: [Int32], weights: [Float]? = nil, ignoreIndex: Int32 = -100) -> Tensor {
    precondition(logits.rank == 2, "crossEntropy: logits must be [tokens, vocabulary], got \(logits.shape)")
    let (rows, vocabulary) = (logits.shape[0], logits.shape[1])
    precondition(targets.count == rows, "crossEntropy: \(targets.count) targets for \(rows) rows")
    precondition(weights.map { $0.count == rows } ?? true, "crossEntropy: \(weights!.count) weights for \(rows) rows")
    let rowWeights = (0..<rows).map { row -> Float in
        guard targets[row] != ignoreIndex else { return 0 }
        precondition(targets[row] >= 0 && Int(targets[row]) < vocabulary,
                     "crossEntropy: target \(targets[row]) outside vocabulary of \(vocabulary)")
        return weights?[row] ?? 1
    }
    let totalWeight = rowWeights.reduce(0, +)
    let logSumExp = Tensor(zeros: [rows]), losses = Tensor(zeros: [rows])
    let input = logits.pointer, rowLogSumExp = logSumExp.pointer, rowLoss = losses.pointer
    parallelFor(rows, grain: Swift.max(1, (1 << 15) / Swift.max(vocabulary, 1))) { range in
        for row in range where rowWeights[row] != 0 {
            let x = input + row * vocabulary
            let maximum = VectorMath.maximum(x, vocabulary)
            rowLogSumExp[row] = maximum + Foundation.log(VectorMath.sumOfExponentials(x, vocabulary, shift: maximum))
            rowLoss[row] = rowWeights[row] * (rowLogSumExp[row] - x[Int(targets[row])])
        }
    }
    let weightedSum = (0..<rows).reduce(0.0) { $0 + Double(rowLoss[$1]) }
    let loss = Tensor(scalar: totalWeight == 0 ? 0 : Float(weightedSum / Double(totalWeight)))
    return Tensor.record("cross_entropy", loss, [logits]) { dLoss in
        let dLogits = Tensor(uninitialized: logits.shape)
        let gradient = dLogits.pointer, upstream = dLoss.item, savedLogSumExp = logSumExp.pointer
        parallelFor(rows, grain: Swift.max(1, (1 << 15) / Swift.max(vocabulary, 1))) { range in
            for row in range {
                let destination = gradient + row * vocabulary
                let coefficient = totalWeight == 0 ? 0 : rowWeights[row] * upstream / totalWeight
                guard coefficient != 0 else {
                    destination.update(repeating: 0, count: vocabulary)
                    continue
                }
                VectorMath.exponentials(input + row * vocabulary, vocabulary, shift: savedLogSumExp[row], into: destination)
                VectorMath.scale(destination, vocabulary, by: coefficient)
                destination[Int(targets[row])] -= coefficient
            }
        }
        return [dLogits]
    }
}
