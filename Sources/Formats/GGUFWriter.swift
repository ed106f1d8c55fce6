import Foundation
import Tensor

/// A metadata value of a GGUF file (the kinds a llama model's header uses).
public enum GGUFValue: Equatable, Sendable {
    case uint32(UInt32)
    case int32(Int32)
    case float32(Float)
    case bool(Bool)
    case string(String)
    case strings([String])
    case float32s([Float])
    case int32s([Int32])
}

/// Writes GGUF v3 files (the llama.cpp format): a header of key–value metadata and tensor
/// descriptions, then the tensors' data, each aligned to `alignment` bytes.
public enum GGUFWriter {
    /// The data alignment (`general.alignment`'s default).
    public static let alignment = 32

    /// One tensor to write: its name, values and storage type (F32 or F16).
    public struct Entry {
        /// The llama.cpp tensor name.
        public var name: String
        /// The values, row-major.
        public var tensor: Tensor
        /// F32 or F16.
        public var dtype: SafetensorsDType

        /// An entry for `tensor` under `name`, stored as `dtype`.
        public init(name: String, tensor: Tensor, dtype: SafetensorsDType) {
            (self.name, self.tensor, self.dtype) = (name, tensor, dtype)
        }
    }

    /// Writes `metadata` (in order) and `tensors` to `url` atomically. A tensor of shape
    /// [rows, columns] is described as GGUF dimensions [columns, rows] (fastest first).
    public static func write(metadata: [(key: String, value: GGUFValue)], tensors: [Entry], to url: URL) throws {
        for entry in tensors where ![.float32, .float16].contains(entry.dtype) {
            throw FormatError(url, "cannot store \(entry.name) as \(entry.dtype.rawValue) in GGUF (F32 or F16 only)")
        }
        var header = GGUFBytes()
        header.append(UInt32(0x4655_4747))  // "GGUF"
        header.append(UInt32(3))
        header.append(UInt64(tensors.count))
        header.append(UInt64(metadata.count))
        for (key, value) in metadata {
            header.append(key)
            header.append(value)
        }
        var offset = 0
        var offsets: [Int] = []
        for entry in tensors {
            header.append(entry.name)
            header.append(UInt32(entry.tensor.rank))
            for dimension in entry.tensor.shape.reversed() { header.append(UInt64(dimension)) }
            header.append(UInt32(entry.dtype == .float32 ? 0 : 1))  // GGML_TYPE_F32 / GGML_TYPE_F16
            header.append(UInt64(offset))
            offsets.append(offset)
            offset = padded(offset + entry.tensor.count * entry.dtype.elementSize)
        }
        header.bytes += Array(repeating: 0, count: padded(header.bytes.count) - header.bytes.count)
        try AtomicFileOutput.create(at: url) { output in
            try header.bytes.withUnsafeBytes { try output.append($0) }
            var written = 0
            for (entry, start) in zip(tensors, offsets) {
                let zeros = [UInt8](repeating: 0, count: start - written)
                try zeros.withUnsafeBytes { try output.append($0) }
                let byteCount = entry.tensor.count * entry.dtype.elementSize
                let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Swift.max(byteCount, 1), alignment: 64)
                defer { buffer.deallocate() }
                ElementConversion.encodeFloats(entry.tensor.pointer, count: entry.tensor.count, as: entry.dtype, into: buffer.baseAddress!)
                try output.append(UnsafeRawBufferPointer(rebasing: buffer[..<byteCount]))
                written = start + byteCount
            }
        }
    }

    private static func padded(_ offset: Int) -> Int { (offset + alignment - 1) / alignment * alignment }
}

/// Little-endian GGUF header bytes.
private struct GGUFBytes {
    var bytes: [UInt8] = []

    mutating func append<Integer: FixedWidthInteger>(_ value: Integer) {
        bytes.appendLittleEndian(value)
    }

    mutating func append(_ text: String) {
        append(UInt64(text.utf8.count))
        bytes += text.utf8
    }

    /// A value: its type code, then its payload (arrays: element type, count, elements).
    mutating func append(_ value: GGUFValue) {
        switch value {
        case .uint32(let number): append(UInt32(4)); append(number)
        case .int32(let number): append(UInt32(5)); append(number)
        case .float32(let number): append(UInt32(6)); append(number.bitPattern)
        case .bool(let flag): append(UInt32(7)); append(UInt8(flag ? 1 : 0))
        case .string(let text): append(UInt32(8)); append(text)
        case .strings(let texts): appendArray(8, texts) { $0.append($1) }
        case .float32s(let numbers): appendArray(6, numbers) { $0.append($1.bitPattern) }
        case .int32s(let numbers): appendArray(5, numbers) { $0.append($1) }
        }
    }

    private mutating func appendArray<Element>(_ elementType: UInt32, _ elements: [Element], _ appendElement: (inout GGUFBytes, Element) -> Void) {
        append(UInt32(9))
        append(elementType)
        append(UInt64(elements.count))
        for element in elements { appendElement(&self, element) }
    }
}
