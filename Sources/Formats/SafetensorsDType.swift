/// An element type of a safetensors file, spelled as in the file's header.
public enum SafetensorsDType: String, CaseIterable, Sendable {
    case bool = "BOOL"
    case uint8 = "U8"
    case int8 = "I8"
    case int16 = "I16"
    case uint16 = "U16"
    case int32 = "I32"
    case uint32 = "U32"
    case int64 = "I64"
    case uint64 = "U64"
    /// 8-bit float, 4 exponent and 3 mantissa bits, no infinities (`torch.float8_e4m3fn`).
    case float8E4M3 = "F8_E4M3"
    /// 8-bit float, 5 exponent and 2 mantissa bits (`torch.float8_e5m2`).
    case float8E5M2 = "F8_E5M2"
    case float16 = "F16"
    /// Brain float: the top 16 bits of a Float32.
    case bfloat16 = "BF16"
    case float32 = "F32"
    case float64 = "F64"

    /// Bytes per element.
    public var elementSize: Int {
        switch self {
        case .bool, .uint8, .int8, .float8E4M3, .float8E5M2: 1
        case .int16, .uint16, .float16, .bfloat16: 2
        case .int32, .uint32, .float32: 4
        case .int64, .uint64, .float64: 8
        }
    }

    /// Whether elements are integers (booleans count as 0 and 1).
    public var isInteger: Bool {
        switch self {
        case .bool, .uint8, .int8, .int16, .uint16, .int32, .uint32, .int64, .uint64: true
        case .float8E4M3, .float8E5M2, .float16, .bfloat16, .float32, .float64: false
        }
    }
}
