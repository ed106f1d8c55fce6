import Formats
import Foundation
import Tensor
import Vocab

/// Grows a Hugging Face Llama checkpoint's vocabulary to an extended vocabulary: the rows of
/// `model.embed_tokens.weight` and (unless tied to it) `lm_head.weight` for the new ids start as
/// `MeanResizing` makes them, `vocab_size` in `config.json` becomes the new size, and every other
/// tensor and file is copied unchanged. Single-file and sharded checkpoints are both kept as they are.
public enum EmbeddingExtension {
    /// The input embedding's name.
    public static let embeddingName = "model.embed_tokens.weight"
    /// The output head's name.
    public static let headName = "lm_head.weight"

    /// What `extend` did.
    public struct Summary {
        /// Rows before and after.
        public var oldRows: Int, newRows: Int
        /// Whether the head is tied to the embedding (only the embedding was resized).
        public var tied: Bool
        /// The tensors resized.
        public var resized: [String]
    }

    /// Writes the extended checkpoint of `model` for `vocabulary` into `output` (created if missing).
    /// The base model's vocabulary must be the vocabulary's text model (same number of rows as pieces).
    public static func extend(model: URL, vocabulary: Vocabulary, output: URL, seed: UInt64 = 0) throws -> Summary {
        let configURL = model.appendingPathComponent("config.json")
        let config = try HFConfig(contentsOf: configURL)
        let oldRows = try config.int("vocab_size"), newRows = vocabulary.size
        guard oldRows == vocabulary.spec.text.pieces else {
            throw FormatError(configURL, "vocab_size is \(oldRows), but \(vocabulary.url.path)'s text model has "
                + "\(vocabulary.spec.text.pieces) pieces (the base model's ids must be the text ids)")
        }
        guard model.standardizedFileURL != output.standardizedFileURL else {
            throw FormatError(output, "is the base model's directory; give another output directory")
        }
        let tied = try config.bool("tie_word_embeddings", default: false)
        let checkpoint = try CheckpointTensors(directory: model)
        let embeddingShape = try checkpoint.info(embeddingName).shape
        guard embeddingShape.count == 2, embeddingShape[0] == oldRows else {
            throw FormatError(model, "\(embeddingName) has shape \(embeddingShape), not [\(oldRows), hidden]")
        }
        try createDirectory(output)
        var generator = RandomGenerator(seed: seed)
        var resized: [String] = []
        let files = try shardFiles(of: checkpoint)
        var writtenSizes: [String: Int] = [:]
        for (file, names) in files.sorted(by: { $0.key < $1.key }) {
            let dtype = try fileDType(names, checkpoint: checkpoint, file: model.appendingPathComponent(file))
            var tensors = try names.map { name in (name: name, tensor: try checkpoint.tensor(name)) }
            for index in tensors.indices where tensors[index].name == embeddingName || (!tied && tensors[index].name == headName) {
                tensors[index].tensor = MeanResizing.resized(tensors[index].tensor, to: newRows, generator: &generator)
                resized.append(tensors[index].name)
            }
            if tied, let head = tensors.firstIndex(where: { $0.name == headName }) {
                // A tied checkpoint that stores the head anyway keeps it equal to the embedding.
                guard let embedding = tensors.first(where: { $0.name == embeddingName }) else {
                    throw FormatError(model, "\(headName) is tied to \(embeddingName) but stored in another shard")
                }
                tensors[head].tensor = embedding.tensor
            }
            try SafetensorsWriter.write(tensors, dtype: dtype, to: output.appendingPathComponent(file))
            writtenSizes[file] = tensors.reduce(0) { $0 + $1.tensor.count * dtype.elementSize }
        }
        if files[CheckpointTensors.singleFileName] == nil {
            try copyIndex(from: model, to: output, totalSize: writtenSizes.values.reduce(0, +))
        }
        try writeConfig(from: configURL, vocabSize: newRows, to: output.appendingPathComponent("config.json"))
        try copyOtherFiles(from: model, to: output, except: Set(files.keys))
        return Summary(oldRows: oldRows, newRows: newRows, tied: tied, resized: resized.sorted())
    }

    /// The safetensors files of the checkpoint and the tensors each holds.
    private static func shardFiles(of checkpoint: CheckpointTensors) throws -> [String: [String]] {
        let directory = checkpoint.directory
        if FileManager.default.fileExists(atPath: directory.appendingPathComponent(CheckpointTensors.singleFileName).path) {
            return [CheckpointTensors.singleFileName: checkpoint.tensorNames]
        }
        let index = directory.appendingPathComponent(CheckpointTensors.indexFileName)
        let weightMap = try JSONValue.readObject(contentsOf: index)["weight_map"]?.objectValue ?? [:]
        return Dictionary(grouping: weightMap.keys.sorted()) { weightMap[$0]?.stringValue ?? "" }
    }

    /// The one dtype of the tensors `names`; throws when they mix dtypes or the writer cannot store it.
    private static func fileDType(_ names: [String], checkpoint: CheckpointTensors, file: URL) throws -> SafetensorsDType {
        let dtypes = Set(try names.map { try checkpoint.info($0).dtype })
        guard dtypes.count == 1, let dtype = dtypes.first, SafetensorsWriter.writableDTypes.contains(dtype) else {
            throw FormatError(file, "holds tensors of \(dtypes.map(\.rawValue).sorted().joined(separator: ", ")); "
                + "vocab extend rewrites files of one dtype among F32, F16, BF16")
        }
        return dtype
    }

    /// Writes `config.json` with `vocab_size` replaced.
    private static func writeConfig(from url: URL, vocabSize: Int, to destination: URL) throws {
        var object = try JSONValue.readObject(contentsOf: url)
        object["vocab_size"] = .integer(Int64(vocabSize))
        try AtomicFileOutput.save(prettyJSON(.object(object)), to: destination)
    }

    /// Copies the shard index with `metadata.total_size` updated (the weight map is unchanged).
    private static func copyIndex(from model: URL, to output: URL, totalSize: Int) throws {
        var object = try JSONValue.readObject(contentsOf: model.appendingPathComponent(CheckpointTensors.indexFileName))
        var metadata = object["metadata"]?.objectValue ?? [:]
        metadata["total_size"] = .integer(Int64(totalSize))
        object["metadata"] = .object(metadata)
        try AtomicFileOutput.save(prettyJSON(.object(object)), to: output.appendingPathComponent(CheckpointTensors.indexFileName))
    }

    /// Copies every other regular file of the model directory (tokenizer files, generation_config.json, …).
    private static func copyOtherFiles(from model: URL, to output: URL, except written: Set<String>) throws {
        let skipped = written.union(["config.json", CheckpointTensors.indexFileName])
        let names = (try? FileManager.default.contentsOfDirectory(atPath: model.path)) ?? []
        for name in names.sorted() where !skipped.contains(name) && !name.hasPrefix(".") {
            let source = model.appendingPathComponent(name)
            guard (try? source.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            try AtomicFileOutput.save(FileContents.read(source, maximumSize: Int.max), to: output.appendingPathComponent(name))
        }
    }

    private static func createDirectory(_ directory: URL) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw FormatError(directory, "cannot create the directory: \((error as NSError).localizedDescription)")
        }
    }

    private static func prettyJSON(_ value: JSONValue) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value) + Data("\n".utf8)
    }
}
