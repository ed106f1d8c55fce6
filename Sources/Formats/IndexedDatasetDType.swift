/// The element type of a Megatron-LM indexed dataset's tokens, with Megatron's numeric codes.
public enum IndexedDatasetDType: UInt8, Sendable {
    /// numpy.uint16, code 8.
    case uint16 = 8
    /// numpy.int32, code 4.
    case int32 = 4

    /// uint16 when every id of a vocabulary of `size` fits (size ≤ 65535), int32 otherwise.
    /// (Megatron's own `DType.optimal_dtype` switches below 65500; readers take the code from the index.)
    public init(vocabularySize size: Int) {
        self = size <= Int(UInt16.max) ? .uint16 : .int32
    }

    /// Bytes per token.
    public var size: Int { self == .uint16 ? 2 : 4 }

    /// The largest id it holds.
    public var maximumID: Int { self == .uint16 ? Int(UInt16.max) : Int(Int32.max) }

    /// numpy's name for it.
    public var name: String { self == .uint16 ? "uint16" : "int32" }
}
