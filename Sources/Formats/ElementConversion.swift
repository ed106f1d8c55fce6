/// Conversions between Float32 and the little-endian element types stored in safetensors data.
///
/// Sources may be unaligned: safetensors only aligns the data region when writers pad the header.
enum ElementConversion {
    /// The BF16 bit pattern nearest to `value`, ties to even; NaN stays a quiet NaN of the same sign.
    static func bfloat16Bits(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(truncatingIfNeeded: bits >> 16) | 0x0040 }
        let roundingBias: UInt32 = 0x7FFF + ((bits >> 16) & 1)
        return UInt16(truncatingIfNeeded: (bits &+ roundingBias) >> 16)
    }

    /// The Float32 a BF16 bit pattern stands for (exact).
    static func float(bfloat16Bits bits: UInt16) -> Float { Float(bitPattern: UInt32(bits) << 16) }

    /// The Float32 an F16 bit pattern stands for (exact); branch-light so that loops over it vectorize.
    static func float(float16Bits bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let magnitude = UInt32(bits & 0x7FFF) << 13 // exponent and mantissa moved to Float32 positions
        // Rescaling by 2^112 rebiases the exponent (15 → 127) and normalizes subnormals.
        let finite = (Float(bitPattern: magnitude) * 0x1p112).bitPattern
        let infinityOrNaN = magnitude | 0x7F80_0000
        return Float(bitPattern: (magnitude >= 0x0F80_0000 ? infinityOrNaN : finite) | sign)
    }

    /// The F16 bit pattern nearest to `value`, ties to even; from ±65520 on it is ±infinity.
    static func float16Bits(_ value: Float) -> UInt16 { Float16(value).bitPattern }

    /// The Float32 an F8_E4M3 (E4M3FN: bias 7, no infinities, NaN = S.1111.111) byte stands for.
    static func float(float8E4M3Bits bits: UInt8) -> Float {
        let exponent = Int(bits >> 3) & 0xF, mantissa = Int(bits & 0x7)
        let magnitude: Float
        if exponent == 0xF && mantissa == 0x7 {
            magnitude = .nan
        } else if exponent == 0 {
            magnitude = Float(mantissa) * 0x1p-9 // subnormal: m/8 · 2^(1-7)
        } else {
            magnitude = Float(8 + mantissa) * Float(sign: .plus, exponent: exponent - 10, significand: 1) // (1 + m/8) · 2^(e-7)
        }
        return bits & 0x80 == 0 ? magnitude : -magnitude
    }

    /// The Float32 an F8_E5M2 byte stands for: it is the top byte of an F16.
    static func float(float8E5M2Bits bits: UInt8) -> Float { float(float16Bits: UInt16(bits) << 8) }

    /// Converts `count` elements of `dtype` at `source` into Float32 values at `destination`.
    static func decodeFloats(_ source: UnsafeRawPointer, dtype: SafetensorsDType, count: Int,
                             into destination: UnsafeMutablePointer<Float>) {
        switch dtype {
        case .float32: load(source, count, into: destination) { (bits: UInt32) in Float(bitPattern: bits) }
        case .float64: load(source, count, into: destination) { (bits: UInt64) in Float(Double(bitPattern: bits)) }
        case .float16: load(source, count, into: destination) { (bits: UInt16) in float(float16Bits: bits) }
        case .bfloat16: load(source, count, into: destination) { (bits: UInt16) in float(bfloat16Bits: bits) }
        case .float8E4M3: load(source, count, into: destination) { (bits: UInt8) in float(float8E4M3Bits: bits) }
        case .float8E5M2: load(source, count, into: destination) { (bits: UInt8) in float(float8E5M2Bits: bits) }
        case .bool: load(source, count, into: destination) { (bits: UInt8) in bits == 0 ? 0 : 1 }
        case .uint8: load(source, count, into: destination) { (bits: UInt8) in Float(bits) }
        case .int8: load(source, count, into: destination) { (bits: UInt8) in Float(Int8(bitPattern: bits)) }
        case .int16: load(source, count, into: destination) { (bits: UInt16) in Float(Int16(bitPattern: bits)) }
        case .uint16: load(source, count, into: destination) { (bits: UInt16) in Float(bits) }
        case .int32: load(source, count, into: destination) { (bits: UInt32) in Float(Int32(bitPattern: bits)) }
        case .uint32: load(source, count, into: destination) { (bits: UInt32) in Float(bits) }
        case .int64: load(source, count, into: destination) { (bits: UInt64) in Float(Int64(bitPattern: bits)) }
        case .uint64: load(source, count, into: destination) { (bits: UInt64) in Float(bits) }
        }
    }

    /// Converts `count` elements of integer `dtype` at `source` into Int64 values at `destination`;
    /// returns false when a U64 value does not fit in Int64.
    static func decodeIntegers(_ source: UnsafeRawPointer, dtype: SafetensorsDType, count: Int,
                               into destination: UnsafeMutablePointer<Int64>) -> Bool {
        switch dtype {
        case .bool: load(source, count, into: destination) { (bits: UInt8) in bits == 0 ? 0 : 1 }
        case .uint8: load(source, count, into: destination) { (bits: UInt8) in Int64(bits) }
        case .int8: load(source, count, into: destination) { (bits: UInt8) in Int64(Int8(bitPattern: bits)) }
        case .int16: load(source, count, into: destination) { (bits: UInt16) in Int64(Int16(bitPattern: bits)) }
        case .uint16: load(source, count, into: destination) { (bits: UInt16) in Int64(bits) }
        case .int32: load(source, count, into: destination) { (bits: UInt32) in Int64(Int32(bitPattern: bits)) }
        case .uint32: load(source, count, into: destination) { (bits: UInt32) in Int64(bits) }
        case .int64, .uint64: load(source, count, into: destination) { (bits: UInt64) in Int64(bitPattern: bits) }
        case .float8E4M3, .float8E5M2, .float16, .bfloat16, .float32, .float64:
            preconditionFailure("decodeIntegers of \(dtype.rawValue); callers check isInteger")
        }
        // U64 values of 2^63 and above came out negative.
        return dtype != .uint64 || !UnsafeBufferPointer(start: destination, count: count).contains { $0 < 0 }
    }

    /// Stores `count` Float32 values as `dtype` elements (F32, F16 or BF16) at `destination`.
    static func encodeFloats(_ source: UnsafePointer<Float>, count: Int, as dtype: SafetensorsDType,
                             into destination: UnsafeMutableRawPointer) {
        switch dtype {
        case .float32: store(source, count, into: destination) { $0.bitPattern }
        case .float16: store(source, count, into: destination) { float16Bits($0) }
        case .bfloat16: store(source, count, into: destination) { bfloat16Bits($0) }
        default: preconditionFailure("encodeFloats as \(dtype.rawValue); the writer checks dtypes first")
        }
    }

    /// Reads `count` little-endian `Bits` at `source` and writes `transform` of each to `destination`.
    @inline(__always)
    private static func load<Bits: FixedWidthInteger, Element>(
        _ source: UnsafeRawPointer, _ count: Int, into destination: UnsafeMutablePointer<Element>,
        _ transform: (Bits) -> Element
    ) {
        let size = MemoryLayout<Bits>.size
        for index in 0..<count {
            let bits = Bits(littleEndian: source.loadUnaligned(fromByteOffset: index * size, as: Bits.self))
            destination[index] = transform(bits)
        }
    }

    /// Writes `transform` of each of `count` values at `source` to `destination` as little-endian `Bits`.
    @inline(__always)
    private static func store<Bits: FixedWidthInteger>(
        _ source: UnsafePointer<Float>, _ count: Int, into destination: UnsafeMutableRawPointer,
        _ transform: (Float) -> Bits
    ) {
        let size = MemoryLayout<Bits>.size
        for index in 0..<count {
            destination.storeBytes(of: transform(source[index]).littleEndian, toByteOffset: index * size, as: Bits.self)
        }
    }
}
