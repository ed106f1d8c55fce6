import Foundation

/// A token file (`.tok`): segments of discrete tokens from the text, image and audio tokenizers,
/// with an optional checksum of the vocabulary they were made with. The byte layout is described
/// in docs/token-file-format.md.
public struct TokenFile: Equatable, Sendable {
    /// The first 8 bytes of every token file: "TESSTOK" and a zero byte.
    public static let magic: [UInt8] = Array("TESSTOK\0".utf8)
    /// The layout version this code reads and writes.
    public static let version: UInt32 = 1

    /// The segments, in order.
    public var segments: [TokenSegment]
    /// The SHA-256 of the vocabulary the file was made with (for a file without global ids, the
    /// tokenizer's model file), or nil when not recorded.
    public var vocabularyChecksum: SHA256Digest?
    /// The size of the global id space when every segment carries `ids`; nil when none does.
    public var globalVocabularySize: Int?

    /// A file of `segments`.
    public init(segments: [TokenSegment], vocabularyChecksum: SHA256Digest? = nil, globalVocabularySize: Int? = nil) {
        self.segments = segments
        self.vocabularyChecksum = vocabularyChecksum
        self.globalVocabularySize = globalVocabularySize
    }

    /// Reads and checks the token file at `url`; throws `FormatError` when it is not a valid one.
    public init(contentsOf url: URL) throws {
        self = try MappedFile.withBytes(of: url) { try TokenFileReader.read($0, url: url) }
    }

    /// Parses and checks a whole token file held in memory; errors name `url`.
    public init(parsing bytes: UnsafeRawBufferPointer, url: URL) throws {
        self = try TokenFileReader.read(bytes, url: url)
    }

    /// Writes the file to `url` atomically; throws `FormatError` (naming `url`) when the file is not
    /// valid, for example a code outside its codebook or a shape that does not match the codes.
    public func write(to url: URL) throws {
        let bytes = try TokenFileWriter.encode(self, url: url)
        try AtomicFileOutput.create(at: url) { output in try bytes.withUnsafeBytes { try output.append($0) } }
    }
}
