import ArgumentParser
import Formats

/// `--dtype f32|f16|bf16`: the storage type of the weights a command writes.
struct WeightStorageOption: ParsableArguments {
    @Option(help: "Storage type of the written weights: f32, f16 or bf16.")
    var dtype = "f32"

    /// The safetensors type named `name`, or nil.
    static func storageType(_ name: String) -> SafetensorsDType? { ["f32": .float32, "f16": .float16, "bf16": .bfloat16][name] }

    /// The chosen type (validated).
    var storageType: SafetensorsDType { Self.storageType(dtype) ?? .float32 }

    func validate() throws {
        if Self.storageType(dtype) == nil { throw ValidationError("--dtype must be f32, f16 or bf16") }
    }
}
