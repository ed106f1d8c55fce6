import CSentencePiece
import Formats
import Foundation

/// Trains SentencePiece models with libsentencepiece.
///
/// Training makes no random choices: SentencePiece samples sentences (`inputSentenceSize`) with a
/// fixed seed, so the same data, options and thread count give the same model.
public enum SentencePieceTrainer {
    /// Trains a model on UTF-8 text files, one sentence a line, and returns it loaded. Throws
    /// `FormatError` naming the data when a file is missing or not UTF-8, or when SentencePiece
    /// refuses (for example a vocabulary larger than the data supports). SentencePiece's warnings go
    /// to standard error when `logWarnings` is set; nothing is written to disk.
    public static func train(files: [URL], options: SentencePieceTrainingOptions,
                             logWarnings: Bool = false) throws -> SentencePieceTokenizer {
        let dataName = files.isEmpty ? "(no data files)" : files.map(\.path).joined(separator: ", ")
        let fail = { (problem: String) in FormatError(path: dataName, problem: problem) }
        guard !files.isEmpty else { throw fail("no data files to train on") }
        if let problem = options.problem { throw fail(problem) }
        var totalSize = 0
        for file in files {
            guard !file.path.contains(",") else {
                throw FormatError(file, "SentencePiece cannot read a file whose path holds a comma; rename it")
            }
            try FileContents.checkUTF8(file)
            totalSize += (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
        }
        guard totalSize > 0 else { throw fail("the data files are empty") }

        let flags = [("input", files.map(\.path).joined(separator: ",")), ("minloglevel", logWarnings ? "1" : "2")]
            + options.trainerFlags
        let (model, message) = withCStrings(flags.map(\.0)) { names in
            withCStrings(flags.map(\.1)) { values in
                SentencePieceCall.run { error, capacity -> Data? in
                    var buffer: UnsafeMutablePointer<CChar>?
                    var length = 0
                    guard spm_train_to_buffer(names, values, Int32(flags.count), &buffer, &length, error, capacity) == 0,
                          let buffer else { return nil }
                    defer { spm_free_buffer(buffer) }
                    return Data(bytes: buffer, count: length)
                }
            }
        }
        guard let model else { throw fail("SentencePiece training failed: \(message)") }
        return try SentencePieceTokenizer(modelData: model, source: "trained model")
    }

    /// Calls `body` with NUL-terminated copies of `strings`.
    private static func withCStrings<Result>(_ strings: [String],
                                             _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> Result) -> Result {
        let copies = strings.map { UnsafePointer(strdup($0)) }
        defer { copies.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
        return copies.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
