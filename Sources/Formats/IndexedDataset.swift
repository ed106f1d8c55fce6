import Foundation

/// A Megatron-LM indexed dataset (`PREFIX.idx` + `PREFIX.bin`) opened for reading: the index is
/// parsed and checked, the tokens stay memory-mapped.
public final class IndexedDataset: @unchecked Sendable {
    /// The index.
    public let index: IndexedDatasetIndex
    /// `PREFIX.bin`.
    public let dataURL: URL
    private let data: MappedFile

    /// `PREFIX.bin`.
    public static func dataURL(prefix: URL) -> URL { URL(fileURLWithPath: prefix.path + ".bin") }
    /// `PREFIX.idx`.
    public static func indexURL(prefix: URL) -> URL { URL(fileURLWithPath: prefix.path + ".idx") }

    /// Opens `PREFIX.idx` and `PREFIX.bin`; throws `FormatError` naming the bad file when either is
    /// not valid or the data is shorter or longer than the index says.
    public init(prefix: URL) throws {
        let indexURL = Self.indexURL(prefix: prefix)
        index = try MappedFile.withBytes(of: indexURL) { try IndexedDatasetIndex(parsing: $0, url: indexURL) }
        dataURL = Self.dataURL(prefix: prefix)
        data = try MappedFile(url: dataURL)
        guard data.bytes.count == index.dataSize else {
            throw FormatError(dataURL, "holds \(data.bytes.count) bytes, but \(indexURL.lastPathComponent) describes \(index.dataSize)")
        }
    }

    /// The number of documents.
    public var documentCount: Int { index.documentCount }

    /// The tokens of sequence `sequence`.
    public func sequence(_ sequence: Int) -> [Int] {
        let start = index.sequencePointers[sequence], count = index.sequenceLengths[sequence]
        switch index.dtype {
        case .uint8: return (0..<count).map { Int(data.bytes.load(fromByteOffset: start + $0, as: UInt8.self)) }
        case .uint16: return (0..<count).map { Int(UInt16(littleEndian: data.bytes.loadUnaligned(fromByteOffset: start + 2 * $0, as: UInt16.self))) }
        case .int32: return (0..<count).map { Int(Int32(littleEndian: data.bytes.loadUnaligned(fromByteOffset: start + 4 * $0, as: Int32.self))) }
        }
    }

    /// The tokens of document `document`: its sequences, concatenated.
    public func document(_ document: Int) -> [Int] {
        (index.documentIndices[document]..<index.documentIndices[document + 1]).flatMap { sequence($0) }
    }
}
