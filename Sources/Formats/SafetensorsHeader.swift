import Foundation

/// Where one tensor's bytes lie in a safetensors file and how to read them.
struct SafetensorsEntry {
    let dtype: SafetensorsDType
    let shape: [Int]
    /// The number of elements (the product of `shape`).
    let count: Int
    /// The tensor's bytes, as offsets into the data region that follows the header.
    let byteRange: Range<Int>
}

/// The checked header of a safetensors file.
///
/// A file is an 8-byte little-endian header length, that many bytes of UTF-8 JSON, then the data
/// region. The JSON object maps each tensor name to `{"dtype", "shape", "data_offsets": [begin, end]}`
/// (offsets into the data region) and may hold a `__metadata__` object of strings.
struct SafetensorsHeader {
    /// The largest header accepted (real headers stay well under 1 MB).
    static let maximumLength = 100_000_000
    /// The header key of the string-to-string metadata map.
    static let metadataKey = "__metadata__"

    let entries: [String: SafetensorsEntry]
    let metadata: [String: String]
    /// Where the data region starts, in bytes from the start of the file.
    let dataOffset: Int

    /// Reads and checks the header of a whole file held in memory; failures name `url`.
    init(file: UnsafeRawBufferPointer, url: URL) throws {
        let fail = { (problem: String) in FormatError(url, problem) }
        guard file.count >= 8 else {
            throw fail("file is \(file.count) bytes, too short for a safetensors header length")
        }
        let length = UInt64(littleEndian: file.loadUnaligned(as: UInt64.self))
        guard length <= UInt64(file.count - 8) else {
            throw fail("header length \(length) runs past the end of the file (\(file.count) bytes)")
        }
        guard length <= UInt64(Self.maximumLength) else {
            throw fail("header length \(length) exceeds the limit of \(Self.maximumLength) bytes")
        }
        dataOffset = 8 + Int(length)
        let dataSize = file.count - dataOffset
        var entries: [String: SafetensorsEntry] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in try Self.parseObject(UnsafeRawBufferPointer(rebasing: file[8..<dataOffset]), fail) {
            if name == Self.metadataKey {
                metadata = try Self.parseMetadata(value) { fail("\(Self.metadataKey): \($0)") }
            } else {
                entries[name] = try Self.parseEntry(value, dataSize: dataSize) { fail("tensor '\(name)': \($0)") }
            }
        }
        try Self.checkNoOverlap(entries, fail)
        self.entries = entries
        self.metadata = metadata
    }

    private static func parseObject(_ bytes: UnsafeRawBufferPointer,
                                    _ fail: (String) -> FormatError) throws -> [String: JSONValue] {
        guard String(validating: bytes, as: UTF8.self) != nil else { throw fail("header is not valid UTF-8") }
        guard let json = try? JSONValue.parse(Data(bytes)) else { throw fail("header is not valid JSON") }
        guard let object = json.objectValue else { throw fail("header is \(json.kindName), not a JSON object") }
        return object
    }

    private static func parseMetadata(_ value: JSONValue,
                                      _ fail: (String) -> FormatError) throws -> [String: String] {
        guard let object = value.objectValue else { throw fail("is \(value.kindName), not an object") }
        return try object.mapValues { member in
            guard let text = member.stringValue else { throw fail("holds \(member.kindName), not only strings") }
            return text
        }
    }

    private static func parseEntry(_ value: JSONValue, dataSize: Int,
                                   _ fail: (String) -> FormatError) throws -> SafetensorsEntry {
        guard let fields = value.objectValue else { throw fail("entry is \(value.kindName), not an object") }
        guard let dtypeValue = fields["dtype"] else { throw fail("missing dtype") }
        guard let dtypeName = dtypeValue.stringValue else { throw fail("dtype is \(dtypeValue.kindName), not a string") }
        guard let dtype = SafetensorsDType(rawValue: dtypeName) else { throw fail("unknown dtype '\(dtypeName)'") }

        let shape = try integers(fields["shape"], field: "shape", fail)
        guard shape.allSatisfy({ $0 >= 0 }) else { throw fail("negative dimension in shape \(shape)") }
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw fail("element count of shape \(shape) overflows") }
            count = product
        }
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.elementSize)
        guard !overflow else { throw fail("byte size of shape \(shape) overflows") }

        let offsets = try integers(fields["data_offsets"], field: "data_offsets", fail)
        guard offsets.count == 2 else { throw fail("data_offsets has \(offsets.count) values, not [begin, end]") }
        let (begin, end) = (offsets[0], offsets[1])
        guard begin >= 0, begin <= end else { throw fail("data_offsets [\(begin), \(end)] do not satisfy 0 <= begin <= end") }
        guard end <= dataSize else {
            throw fail("data_offsets end \(end) is beyond the data region of \(dataSize) bytes")
        }
        guard end - begin == byteCount else {
            throw fail("shape \(shape) of \(dtype.rawValue) needs \(byteCount) bytes but data_offsets span \(end - begin)")
        }
        return SafetensorsEntry(dtype: dtype, shape: shape, count: count, byteRange: begin..<end)
    }

    /// The members of a JSON array of integers.
    private static func integers(_ value: JSONValue?, field: String,
                                 _ fail: (String) -> FormatError) throws -> [Int] {
        guard let value else { throw fail("missing \(field)") }
        guard let array = value.arrayValue else { throw fail("\(field) is \(value.kindName), not an array") }
        return try array.map { member in
            guard let integer = member.integerValue else { throw fail("\(field) must hold only 64-bit integers") }
            return Int(integer)
        }
    }

    /// Throws when two non-empty tensors share a byte.
    private static func checkNoOverlap(_ entries: [String: SafetensorsEntry],
                                       _ fail: (String) -> FormatError) throws {
        let placed = entries.filter { !$0.value.byteRange.isEmpty }
            .sorted { ($0.value.byteRange.lowerBound, $0.key) < ($1.value.byteRange.lowerBound, $1.key) }
        // With ranges sorted by start, any overlap shows up between neighbours.
        for (previous, next) in zip(placed, placed.dropFirst())
        where next.value.byteRange.lowerBound < previous.value.byteRange.upperBound {
            throw fail("tensors '\(previous.key)' and '\(next.key)' overlap (bytes \(previous.value.byteRange) "
                + "and \(next.value.byteRange) of the data region)")
        }
    }
}
