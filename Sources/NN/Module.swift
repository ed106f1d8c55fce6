import Foundation
import Tensor

/// A layer or model: trainable parameters and child modules, each under its checkpoint key.
///
/// Subclasses create their tensors and children, call `super.init()`, then `register` each
/// under the key a Hugging Face / PyTorch checkpoint uses, so the full dotted key of every
/// parameter ("layers.0.self_attn.q_proj.weight") is defined in one place: the module's init.
open class Module {
    public private(set) var localParameters: [(key: String, tensor: Tensor)] = []
    public private(set) var children: [(key: String, module: Module)] = []

    public init() {}

    /// Registers a trainable parameter under `key`.
    @discardableResult
    public func register(_ key: String, parameter tensor: Tensor) -> Tensor {
        precondition(!localParameters.contains { $0.key == key } && !children.contains { $0.key == key },
                     "key \(key) registered twice")
        tensor.requiresGrad = true
        localParameters.append((key, tensor))
        return tensor
    }

    /// Registers a child module whose parameters are prefixed with `key.`.
    @discardableResult
    public func register<Child: Module>(_ key: String, module: Child) -> Child {
        precondition(!localParameters.contains { $0.key == key } && !children.contains { $0.key == key },
                     "key \(key) registered twice")
        children.append((key, module))
        return module
    }

    /// Every parameter under its full dotted key, in registration order.
    public func namedParameters() -> [(key: String, tensor: Tensor)] {
        localParameters + children.flatMap { child in
            child.module.namedParameters().map { ("\(child.key).\($0.key)", $0.tensor) }
        }
    }

    public var parameters: [Tensor] { namedParameters().map(\.tensor) }

    /// The number of scalar parameters.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Copies checkpoint values into the parameters, converting nothing but checking every shape.
    ///
    /// `lookup` returns the tensor stored under a full key, or nil. With `strict`, a missing key
    /// is an error; without, missing parameters keep their values.
    public func load(strict: Bool = true, _ lookup: (String) throws -> Tensor?) throws {
        for (key, parameter) in namedParameters() {
            guard let value = try lookup(key) else {
                if strict { throw ModuleError.missingParameter(key) }
                continue
            }
            guard value.shape == parameter.shape else {
                throw ModuleError.shapeMismatch(key: key, expected: parameter.shape, found: value.shape)
            }
            parameter.assign(value)
        }
    }

    /// Loads from a dictionary of tensors by full key.
    public func load(_ tensors: [String: Tensor], strict: Bool = true) throws {
        try load(strict: strict) { tensors[$0] }
    }

    /// Clears every parameter's gradient.
    public func zeroGrad() { parameters.forEach { $0.zeroGrad() } }
}

/// Why a module's parameters could not be loaded.
public enum ModuleError: Error, CustomStringConvertible, Equatable {
    case missingParameter(String)
    case shapeMismatch(key: String, expected: [Int], found: [Int])

    public var description: String {
        switch self {
        case .missingParameter(let key): return "missing parameter \(key)"
        case let .shapeMismatch(key, expected, found): return "parameter \(key) has shape \(found), expected \(expected)"
        }
    }
}
