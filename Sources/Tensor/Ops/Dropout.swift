import Foundation

// dropout — backward: the output gradient times the same mask (0 or 1/(1 − p)).
/// Inverted dropout: each element is zeroed with probability `probability` and the survivors
/// are scaled by 1/(1 − p), so the expectation is unchanged. p = 0 returns `x` itself.
public func dropout(_ x: Tensor, probability: Float, generator: inout RandomGenerator) -> Tensor {
    precondition(probability >= 0 && probability <= 1, "dropout probability \(probability) outside [0, 1]")
    guard probability > 0 else { return x }
    let keptScale: Float = probability < 1 ? 1 / (1 - probability) : 0
    let mask = Tensor(uninitialized: x.shape)  // [same as x]: 0 or 1/(1 − p)
    for index in 0..<mask.count { mask.pointer[index] = generator.nextUniform() < probability ? 0 : keptScale }
    let result = withoutGradient { x * mask }
    return Tensor.record("dropout", result, [x]) { dy in [dy * mask] }
}
