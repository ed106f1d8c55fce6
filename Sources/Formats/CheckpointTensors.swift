import Foundation
import Tensor

/// The tensors of a Hugging Face model directory: a single `model.safetensors`, or shards listed by
/// `model.safetensors.index.json` (whose `weight_map` names the shard file of every tensor).
///
/// When both are present the single file wins, as in `transformers`. Shards are mapped on opening.
public struct CheckpointTensors: Sendable {
    /// The name of a checkpoint kept in one file.
    public static let singleFileName = "model.safetensors"
    /// The name of the index of a sharded checkpoint.
    public static let indexFileName = "model.safetensors.index.json"

    /// The model directory.
    public let directory: URL
    /// The names of all tensors, sorted.
    public let tensorNames: [String]
    /// The file holding each tensor.
    private let files: [String: SafetensorsFile]

    /// Opens the checkpoint in `directory`; throws `FormatError` when there is none or a file is invalid.
    public init(directory: URL) throws {
        self.directory = directory
        let single = directory.appendingPathComponent(Self.singleFileName)
        let index = directory.appendingPathComponent(Self.indexFileName)
        if FileManager.default.fileExists(atPath: single.path) {
            let file = try SafetensorsFile(contentsOf: single)
            files = Dictionary(uniqueKeysWithValues: file.tensorNames.map { ($0, file) })
        } else if FileManager.default.fileExists(atPath: index.path) {
            files = try Self.openShards(index: index, directory: directory)
        } else {
            throw FormatError(directory, "no \(Self.singleFileName) or \(Self.indexFileName) in this directory")
        }
        tensorNames = files.keys.sorted()
    }

    /// Whether the checkpoint holds a tensor named `name`.
    public func contains(_ name: String) -> Bool { files[name] != nil }

    /// The stored element type and shape of tensor `name`.
    public func info(_ name: String) throws -> (dtype: SafetensorsDType, shape: [Int]) { try file(name).info(name) }

    /// Tensor `name` converted to Float32.
    public func tensor(_ name: String) throws -> Tensor { try file(name).tensor(name) }

    /// The values of integer (or BOOL) tensor `name`, flattened.
    public func integers(_ name: String) throws -> [Int64] { try file(name).integers(name) }

    private func file(_ name: String) throws -> SafetensorsFile {
        guard let file = files[name] else { throw FormatError(directory, "no tensor named '\(name)' in the checkpoint") }
        return file
    }

    /// Maps every shard the index names and checks that each listed tensor is in its shard.
    private static func openShards(index: URL, directory: URL) throws -> [String: SafetensorsFile] {
        guard let weightMap = try JSONValue.readObject(contentsOf: index)["weight_map"]?.objectValue else {
            throw FormatError(index, "no weight_map object")
        }
        var shards: [String: SafetensorsFile] = [:]
        var files: [String: SafetensorsFile] = [:]
        for (name, value) in weightMap.sorted(by: { $0.key < $1.key }) {
            guard let shardName = value.stringValue, isPlainFileName(shardName) else {
                throw FormatError(index, "weight_map entry of '\(name)' is \(value.shortText()), not a file name in the directory")
            }
            let shard = try shards[shardName] ?? SafetensorsFile(contentsOf: directory.appendingPathComponent(shardName))
            shards[shardName] = shard
            guard shard.contains(name) else { throw FormatError(index, "tensor '\(name)' is missing from its shard \(shardName)") }
            files[name] = shard
        }
        return files
    }

    /// Whether `name` names a file directly inside a directory (no separators, not "." or "..").
    private static func isPlainFileName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/")
    }
}
