import Formats
import Foundation
import Tensor

/// Everything a training run needs to continue exactly where it stopped: parameters, optimizer
/// moments and step, the random generator and the loop's step, in one safetensors file
/// (`model.<key>`, `optimizer.exp_avg.<key>`, `optimizer.exp_avg_sq.<key>`; the rest in metadata).
public enum TrainingCheckpoint {
    public struct State {
        public var step: Int
        public var generator: RandomGenerator
        /// The caller's own entries (e.g. the data position).
        public var metadata: [String: String]

        public init(step: Int, generator: RandomGenerator, metadata: [String: String] = [:]) {
            (self.step, self.generator, self.metadata) = (step, generator, metadata)
        }
    }

    /// Writes the checkpoint atomically (a temporary file renamed into place).
    public static func save(to url: URL, model: Module, optimizer: AdamW, state: State) throws {
        let tensors = model.namedParameters().map { (name: "model.\($0.key)", tensor: $0.tensor) }
            + optimizer.stateTensors().map { (name: "optimizer.\($0.key)", tensor: $0.tensor) }
        var metadata = state.metadata
        metadata["format"] = "pt"
        metadata["tessera.step"] = String(state.step)
        metadata["tessera.optimizer_step"] = String(optimizer.step)
        metadata["tessera.generator"] = state.generator.state.map(String.init).joined(separator: ",")
        try SafetensorsWriter.write(tensors, metadata: metadata, to: url)
    }

    /// Restores `model` and `optimizer` in place and returns the loop state.
    public static func load(from url: URL, model: Module, optimizer: AdamW) throws -> State {
        let file = try SafetensorsFile(contentsOf: url)
        func lookup(_ prefix: String) -> (String) throws -> Tensor? {
            { key in file.contains(prefix + key) ? try file.tensor(prefix + key) : nil }
        }
        try model.load(lookup("model."))
        var metadata = file.metadata
        guard let step = metadata.removeValue(forKey: "tessera.step").flatMap(Int.init),
              let optimizerStep = metadata.removeValue(forKey: "tessera.optimizer_step").flatMap(Int.init),
              let words = metadata.removeValue(forKey: "tessera.generator")?.split(separator: ",").compactMap({ UInt64($0) }),
              words.count == 4
        else { throw FormatError(url, "not a Tessera training checkpoint (step or generator state missing)") }
        try optimizer.restore(step: optimizerStep, lookup("optimizer."))
        metadata.removeValue(forKey: "format")
        return State(step: step, generator: RandomGenerator(state: words), metadata: metadata)
    }
}
