import Foundation
import Tensor

/// Writes tensors as a safetensors file that Hugging Face `safetensors` and `transformers` load.
public enum SafetensorsWriter {
    /// The dtypes `write` can store.
    public static let writableDTypes: [SafetensorsDType] = [.float32, .float16, .bfloat16]
    /// Elements converted per write call, bounding the scratch buffer.
    private static let chunkElements = 1 << 20

    /// Writes `tensors` in order, back to back, each converted to `dtype` (F32, F16 or BF16, rounding to
    /// nearest even). `metadata` becomes the header's `__metadata__`, whose "format" is always "pt"
    /// (transformers requires it). The file appears at `url` only once complete.
    public static func write(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = ["format": "pt"],
                             dtype: SafetensorsDType = .float32, to url: URL) throws {
        guard writableDTypes.contains(dtype) else {
            throw FormatError(url, "cannot write dtype \(dtype.rawValue) (writable: F32, F16, BF16)")
        }
        let header = try headerBytes(tensors, metadata: metadata, dtype: dtype, url: url)
        try AtomicFileOutput.create(at: url) { output in
            try withUnsafeBytes(of: UInt64(header.count).littleEndian) { try output.append($0) }
            try header.withUnsafeBytes { try output.append($0) }
            let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkElements * dtype.elementSize, alignment: 64)
            defer { scratch.deallocate() }
            for (_, tensor) in tensors {
                for start in stride(from: 0, to: tensor.count, by: chunkElements) {
                    let count = Swift.min(chunkElements, tensor.count - start)
                    ElementConversion.encodeFloats(tensor.pointer + start, count: count, as: dtype, into: scratch.baseAddress!)
                    try output.append(UnsafeRawBufferPointer(rebasing: scratch[..<(count * dtype.elementSize)]))
                }
            }
        }
    }

    /// The JSON header with keys sorted, padded with spaces to a multiple of 8 bytes so data stays aligned.
    static func headerBytes(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String],
                            dtype: SafetensorsDType, url: URL) throws -> [UInt8] {
        var header: [String: JSONValue] = [:]
        var offset = 0
        for (name, tensor) in tensors {
            guard name != SafetensorsHeader.metadataKey else { throw FormatError(url, "tensor name '\(name)' is reserved") }
            guard header[name] == nil else { throw FormatError(url, "duplicate tensor name '\(name)'") }
            let end = offset + tensor.count * dtype.elementSize
            header[name] = .object([
                "dtype": .string(dtype.rawValue),
                "shape": .array(tensor.shape.map { .integer(Int64($0)) }),
                "data_offsets": .array([.integer(Int64(offset)), .integer(Int64(end))]),
            ])
            offset = end
        }
        var fullMetadata = metadata
        fullMetadata["format"] = "pt"
        header[SafetensorsHeader.metadataKey] = .object(fullMetadata.mapValues { .string($0) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bytes = [UInt8](try encoder.encode(JSONValue.object(header)))
        bytes += repeatElement(UInt8(ascii: " "), count: (8 - bytes.count % 8) % 8)
        return bytes
    }
}
