/// The element type of a Megatron-LM indexed dataset's tokens, with Megatron's numeric codes.
public enum IndexedDatasetDType: UInt8, Sendable {
    /// numpy.uint8, code 1 (loss masks).
    case uint8 = 1
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
    public var size: Int {
        switch self {
        case .uint8: return 1
        case .uint16: return 2
        case .int32: return 4
        }
    }

    /// The largest id it holds.
    public var maximumID: Int {
        switch self {
        case .uint8: return Int(UInt8.max)
        case .uint16: return Int(UInt16.max)
        case .int32: return Int(Int32.max)
        }
    }

    /// numpy's name for it.
    public var name: String { "\(self)" }
}
