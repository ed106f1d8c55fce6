import Foundation

/// Lays out token files byte by byte (little-endian), the inverse of `TokenFileReader`.
enum TokenFileWriter {
    /// The bytes of `file`; throws `FormatError` naming `url` when the file breaks a rule.
    static func encode(_ file: TokenFile, url: URL) throws -> [UInt8] {
        if let problem = file.validationProblem() { throw FormatError(url, problem) }
        var bytes = TokenFile.magic
        bytes.appendLittleEndian(TokenFile.version)
        let flags = (file.vocabularyChecksum == nil ? 0 : TokenFileReader.checksumFlag)
            | (file.globalVocabularySize == nil ? 0 : TokenFileReader.globalIDsFlag)
        bytes.appendLittleEndian(flags)
        if let checksum = file.vocabularyChecksum { bytes += checksum.bytes }
        if let size = file.globalVocabularySize { bytes.appendLittleEndian(UInt32(size)) }
        bytes.appendLittleEndian(UInt32(file.segments.count))
        for segment in file.segments {
            bytes += [segment.modality.storedValue, UInt8(segment.shape.count), 0, 0]
            bytes.appendLittleEndian(UInt32(segment.codebookSize))
            for dimension in segment.shape { bytes.appendLittleEndian(UInt64(dimension)) }
            for code in segment.codes { bytes.appendLittleEndian(UInt32(code)) }
            for id in segment.ids ?? [] { bytes.appendLittleEndian(UInt32(id)) }
        }
        return bytes
    }
}
