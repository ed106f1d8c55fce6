import Foundation

/// The `.idx` half of a Megatron-LM indexed dataset (`megatron/core/datasets/indexed_dataset.py`),
/// version 1, all little-endian: the 9-byte magic `MMIDIDX\0\0`, u64 version 1, u8 dtype code,
/// u64 sequence count S, u64 document count D, then S int32 sequence lengths (tokens), S int64
/// sequence pointers (byte offsets into `.bin`), and D int64 document indices (sequence indices
/// where documents start, from 0 to S). Tessera writes one sequence per document.
public struct IndexedDatasetIndex: Sendable {
    /// The first 9 bytes of every index.
    public static let magic: [UInt8] = Array("MMIDIDX".utf8) + [0, 0]
    /// The only version there is.
    public static let version: UInt64 = 1
    /// Bytes before the arrays: magic, version, dtype code, the two counts.
    public static let headerSize = 9 + 8 + 1 + 8 + 8

    /// The token type.
    public let dtype: IndexedDatasetDType
    /// Tokens per sequence.
    public let sequenceLengths: [Int]
    /// Byte offset of each sequence in `.bin`.
    public let sequencePointers: [Int]
    /// Sequence index where each document starts, then the sequence count.
    public let documentIndices: [Int]

    /// The number of documents.
    public var documentCount: Int { documentIndices.count - 1 }

    /// The bytes of `.bin` the sequences cover.
    public var dataSize: Int { (sequencePointers.last ?? 0) + (sequenceLengths.last ?? 0) * dtype.size }

    /// Parses and checks an index held in memory; errors name `url`.
    public init(parsing bytes: UnsafeRawBufferPointer, url: URL) throws {
        var reader = LittleEndianReader(bytes, url: url)
        guard bytes.count >= Self.magic.count, Array(bytes[..<Self.magic.count]) == Self.magic else {
            throw FormatError(url, "not a Megatron indexed-dataset index (the file does not start with \"MMIDIDX\\0\\0\")")
        }
        _ = try reader.bytes(Self.magic.count, for: "magic")
        let version = try reader.integer(UInt64.self, for: "version")
        guard version == Self.version else { throw FormatError(url, "index version \(version) is not supported (only 1)") }
        let code = try reader.integer(UInt8.self, for: "dtype code")
        guard let dtype = IndexedDatasetDType(rawValue: code) else {
            throw FormatError(url, "dtype code \(code) is not supported (only 8 uint16 and 4 int32 token ids, 1 uint8 masks)")
        }
        self.dtype = dtype
        let sequences = try reader.integer(UInt64.self, for: "sequence count")
        let documents = try reader.integer(UInt64.self, for: "document count")
        let needed = (UInt64(Self.headerSize), sequences.multipliedReportingOverflow(by: 12), documents.multipliedReportingOverflow(by: 8))
        guard !needed.1.overflow, !needed.2.overflow, needed.0 + needed.1.partialValue + needed.2.partialValue == UInt64(bytes.count) else {
            throw FormatError(url, "the header's \(sequences) sequences and \(documents) document indices need "
                + "\(Self.headerSize) + 12·\(sequences) + 8·\(documents) bytes, but the file has \(bytes.count)")
        }
        sequenceLengths = try Self.integers(&reader, Int32.self, count: Int(sequences), for: "sequence lengths")
        sequencePointers = try Self.integers(&reader, Int64.self, count: Int(sequences), for: "sequence pointers")
        documentIndices = try Self.integers(&reader, Int64.self, count: Int(documents), for: "document indices")
        if let problem = consistencyProblem() { throw FormatError(url, problem) }
    }

    /// Negative lengths, pointers that do not follow the lengths, document indices out of order.
    private func consistencyProblem() -> String? {
        var expected = 0
        for (index, (length, pointer)) in zip(sequenceLengths, sequencePointers).enumerated() {
            guard length >= 0 else { return "sequence \(index) has a negative length \(length)" }
            guard pointer == expected else { return "sequence \(index) starts at byte \(pointer), not \(expected)" }
            expected += length * dtype.size
        }
        guard documentIndices.first == 0, documentIndices.last == sequenceLengths.count else {
            return "document indices must run from 0 to the sequence count \(sequenceLengths.count)"
        }
        if let index = documentIndices.indices.dropFirst().first(where: { documentIndices[$0 - 1] > documentIndices[$0] }) {
            return "document index \(index) goes backwards"
        }
        return nil
    }

    private static func integers<Value: FixedWidthInteger>(_ reader: inout LittleEndianReader, _: Value.Type, count: Int,
                                                           for what: String) throws -> [Int] {
        let region = try reader.bytes(count * MemoryLayout<Value>.size, for: what)
        return (0..<count).map { Int(Value(littleEndian: region.loadUnaligned(fromByteOffset: $0 * MemoryLayout<Value>.size, as: Value.self))) }
    }
}
