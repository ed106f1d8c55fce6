import Foundation
import Tensor

/// A safetensors file, memory-mapped and checked on opening; tensors are read on request.
///
/// Reading is safe from several threads at once: the mapping and header never change.
public final class SafetensorsFile: @unchecked Sendable {
    /// Where the file is.
    public let url: URL
    /// The names of the file's tensors, sorted.
    public let tensorNames: [String]
    /// The header's `__metadata__` map (empty when absent).
    public var metadata: [String: String] { header.metadata }

    private let mapping: MappedFile
    private let header: SafetensorsHeader

    /// Maps the file and checks its header; throws `FormatError` when it is not a valid safetensors file.
    public init(contentsOf url: URL) throws {
        self.url = url
        mapping = try MappedFile(url: url)
        header = try SafetensorsHeader(file: mapping.bytes, url: url)
        tensorNames = header.entries.keys.sorted()
    }

    /// Whether the file holds a tensor named `name`.
    public func contains(_ name: String) -> Bool { header.entries[name] != nil }

    /// The stored element type and shape of tensor `name`.
    public func info(_ name: String) throws -> (dtype: SafetensorsDType, shape: [Int]) {
        let entry = try entry(name)
        return (entry.dtype, entry.shape)
    }

    /// Tensor `name` converted to Float32 (from any stored dtype; integers may round).
    public func tensor(_ name: String) throws -> Tensor {
        let entry = try entry(name)
        let result = Tensor(uninitialized: entry.shape)
        let source = bytes(of: entry), destination = result.pointer, size = entry.dtype.elementSize
        parallelFor(entry.count, grain: 1 << 18) { range in
            ElementConversion.decodeFloats(source + range.lowerBound * size, dtype: entry.dtype, count: range.count,
                                           into: destination + range.lowerBound)
        }
        return result
    }

    /// The values of integer (or BOOL) tensor `name`, flattened in row-major order.
    public func integers(_ name: String) throws -> [Int64] {
        let entry = try entry(name)
        guard entry.dtype.isInteger else {
            throw FormatError(url, "tensor '\(name)' has dtype \(entry.dtype.rawValue), not an integer type")
        }
        let source = bytes(of: entry)
        var fits = true
        let values = [Int64](unsafeUninitializedCapacity: entry.count) { buffer, initialized in
            fits = ElementConversion.decodeIntegers(source, dtype: entry.dtype, count: entry.count, into: buffer.baseAddress!)
            initialized = entry.count
        }
        guard fits else { throw FormatError(url, "tensor '\(name)' holds U64 values beyond Int64") }
        return values
    }

    private func entry(_ name: String) throws -> SafetensorsEntry {
        guard let entry = header.entries[name] else { throw FormatError(url, "no tensor named '\(name)'") }
        return entry
    }

    /// The first byte of `entry`'s data (the header check keeps every range inside the mapping).
    private func bytes(of entry: SafetensorsEntry) -> UnsafeRawPointer {
        mapping.bytes.baseAddress! + header.dataOffset + entry.byteRange.lowerBound
    }
}
