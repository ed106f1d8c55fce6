import Foundation

/// Whether ops record themselves for autograd (off inside `withoutGradient` and during backward).
public enum GradientMode {
    /// Per-thread switch; backward passes and inference turn recording off.
    static var isEnabled: Bool {
        get { (Thread.current.threadDictionary[key] as? Bool) ?? true }
        set { Thread.current.threadDictionary[key] = newValue }
    }
    private static let key = "tessera.gradientMode"
}

/// Runs `body` without recording ops for autograd (inference, optimizer updates).
public func withoutGradient<Result>(_ body: () throws -> Result) rethrows -> Result {
    let previous = GradientMode.isEnabled
    GradientMode.isEnabled = false
    defer { GradientMode.isEnabled = previous }
    return try body()
}

/// The record of one op application: its inputs and its backward rule.
public struct GradientFunction {
    /// The op's name, for error messages and graph dumps.
    public let name: String
    public let inputs: [Tensor]
    /// Maps the gradient of the output to the gradients of the inputs (nil where not needed).
    let backward: (Tensor) -> [Tensor?]
}

extension Tensor {
    /// Attaches the backward rule of op `name` to `output` when any input requires a gradient.
    ///
    /// Op implementations call this once: `record("exp", output, [x]) { dy in [dy * output] }`.
    @discardableResult
    public static func record(_ name: String, _ output: Tensor, _ inputs: [Tensor],
                              backward: @escaping (Tensor) -> [Tensor?]) -> Tensor {
        guard GradientMode.isEnabled, inputs.contains(where: { $0.requiresGrad }) else { return output }
        output.requiresGrad = true
        output.gradientFunction = GradientFunction(name: name, inputs: inputs, backward: backward)
        return output
    }

    /// Back-propagates from this tensor, accumulating into the `grad` of every leaf that requires one.
    ///
    /// `gradient` defaults to ones (so a scalar loss needs none). The graph is released afterwards.
    public func backward(_ gradient: Tensor? = nil) {
        precondition(requiresGrad, "backward() on a tensor that does not require a gradient")
        let seed = gradient?.copy() ?? Tensor(shape: shape, repeating: 1)
        precondition(seed.shape == shape, "backward gradient \(seed.shape) for tensor \(shape)")
        let order = topologicalOrder()
        var pending: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): seed]
        withoutGradient {
            for node in order.reversed() {
                guard let outputGradient = pending.removeValue(forKey: ObjectIdentifier(node)) else { continue }
                guard let function = node.gradientFunction else {
                    node.accumulateGradient(outputGradient)
                    continue
                }
                let inputGradients = function.backward(outputGradient)
                // Every pending gradient owns its storage, so leaves can keep theirs without a copy;
                // a rule may hand the same storage to several inputs (add gives dC to both).
                var handedOut = Set<ObjectIdentifier>()
                for (input, inputGradient) in zip(function.inputs, inputGradients) {
                    guard input.requiresGrad, let inputGradient else { continue }
                    precondition(inputGradient.shape == input.shape,
                                 "\(function.name) backward gave \(inputGradient.shape) for input \(input.shape)")
                    let key = ObjectIdentifier(input)
                    if let existing = pending[key] {
                        existing.addInPlace(inputGradient)
                    } else {
                        let isFirstUse = handedOut.insert(ObjectIdentifier(inputGradient.storage)).inserted
                        pending[key] = isFirstUse ? inputGradient : inputGradient.copy()
                    }
                }
                node.gradientFunction = nil
            }
        }
    }

    /// Tensors reachable from this one through recorded ops, inputs before outputs (iterative DFS).
    private func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Tensor, Bool)] = [(self, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded { order.append(node); continue }
            guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
            stack.append((node, true))
            for input in node.gradientFunction?.inputs ?? [] where input.requiresGrad {
                if !visited.contains(ObjectIdentifier(input)) { stack.append((input, false)) }
            }
        }
        return order
    }

    private func accumulateGradient(_ gradient: Tensor) {
        if let grad {
            grad.addInPlace(gradient)
        } else {
            grad = gradient  // owned: see backward()
        }
    }

    /// `self += other`, elementwise, outside autograd (same element count).
    public func addInPlace(_ other: Tensor, scale: Float = 1) {
        precondition(other.count == count, "addInPlace \(other.shape) into \(shape)")
        let destination = pointer, source = other.pointer
        parallelFor(count, grain: 1 << 16) { range in
            for index in range { destination[index] += scale * source[index] }
        }
    }

    /// Clears the gradient of a leaf.
    public func zeroGrad() { grad = nil }
}
