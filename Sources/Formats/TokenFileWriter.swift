import Foundation

/// Lays out token files byte by byte (little-endian), the inverse of `TokenFileReader`.
enum TokenFileWriter {
    /// The bytes of `file`; throws `FormatError` naming `url` when the file breaks a rule.
    static func encode(_ file: TokenFile, url: URL) throws -> [UInt8] {
        if let problem = file.validationProblem() { throw FormatError(url, problem) }
        var bytes = TokenFile.magic
        append(TokenFile.version, to: &bytes)
        let flags = (file.vocabularyChecksum == nil ? 0 : TokenFileReader.checksumFlag)
            | (file.globalVocabularySize == nil ? 0 : TokenFileReader.globalIDsFlag)
        append(flags, to: &bytes)
        if let checksum = file.vocabularyChecksum { bytes += checksum.bytes }
        if let size = file.globalVocabularySize { append(UInt32(size), to: &bytes) }
        append(UInt32(file.segments.count), to: &bytes)
        for segment in file.segments {
            bytes += [segment.modality.storedValue, UInt8(segment.shape.count), 0, 0]
            append(UInt32(segment.codebookSize), to: &bytes)
            for dimension in segment.shape { append(UInt64(dimension), to: &bytes) }
            for code in segment.codes { append(UInt32(code), to: &bytes) }
            for id in segment.ids ?? [] { append(UInt32(id), to: &bytes) }
        }
        return bytes
    }

    private static func append<Value: FixedWidthInteger>(_ value: Value, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
