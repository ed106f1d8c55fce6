import Formats
import Foundation
import TextTokenizer

/// A trained text tokenizer on disk: a directory holding `tokenizer.model` (SentencePiece) and
/// `training.json` (the options and data it was trained with).
public enum TextTokenizerDirectory {
    /// The SentencePiece model's file name inside a tokenizer directory.
    public static let modelFileName = "tokenizer.model"
    /// The training record's file name inside a tokenizer directory.
    public static let trainingFileName = "training.json"

    /// What `training.json` holds.
    public struct TrainingRecord: Codable, Equatable, Sendable {
        /// Always "sentencepiece".
        public var tokenizer = "sentencepiece"
        /// The options the model was trained with.
        public var options: SentencePieceTrainingOptions
        /// The data files, as given.
        public var data: [String]
        /// The model's number of pieces.
        public var vocabularySize: Int
        /// The SHA-256 of tokenizer.model, as 64 hex digits.
        public var modelSHA256: String

        enum CodingKeys: String, CodingKey {
            case tokenizer, options, data
            case vocabularySize = "vocab_size"
            case modelSHA256 = "model_sha256"
        }
    }

    /// The model file for a tokenizer given as a `.model` file or as a directory holding `tokenizer.model`.
    public static func modelURL(for url: URL) -> URL {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else { return url }
        return url.appendingPathComponent(modelFileName)
    }

    /// Loads the tokenizer at `url`, a `.model` file or a tokenizer directory.
    public static func load(_ url: URL) throws -> SentencePieceTokenizer {
        try SentencePieceTokenizer(contentsOf: modelURL(for: url))
    }

    /// Writes `tokenizer.model` and `training.json` into `directory` (created if missing), each atomically.
    public static func write(_ tokenizer: SentencePieceTokenizer, options: SentencePieceTrainingOptions, data: [URL],
                             to directory: URL) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw FormatError(directory, "cannot create the directory: \((error as NSError).localizedDescription)")
        }
        let record = TrainingRecord(options: options, data: data.map(\.path), vocabularySize: tokenizer.vocabularySize,
                                    modelSHA256: tokenizer.checksum.hex)
        try AtomicFileOutput.save(tokenizer.modelData, to: directory.appendingPathComponent(modelFileName))
        try JSONFile.write(record, to: directory.appendingPathComponent(trainingFileName))
    }
}
