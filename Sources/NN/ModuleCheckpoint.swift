import Formats
import Foundation
import Tensor

/// Loading and saving a module's parameters as a Hugging Face style safetensors checkpoint.
extension Module {
    /// Loads every parameter from a model directory (`model.safetensors` or sharded), reading
    /// `prefix + key` for each parameter key; F16/BF16 tensors are converted to Float32.
    public func load(from checkpoint: CheckpointTensors, prefix: String = "", strict: Bool = true) throws {
        do {
            try load(strict: strict) { key in
                checkpoint.contains(prefix + key) ? try checkpoint.tensor(prefix + key) : nil
            }
        } catch let error as ModuleError {
            throw FormatError(checkpoint.directory, error.description)
        }
    }

    /// Writes the parameters under their keys as one safetensors file (atomically).
    public func save(to url: URL, prefix: String = "", dtype: SafetensorsDType = .float32) throws {
        try SafetensorsWriter.write(namedParameters().map { (name: prefix + $0.key, tensor: $0.tensor) }, dtype: dtype, to: url)
    }
}
