@testable import Formats
import XCTest

/// Float32 ↔ F16/BF16/F8 conversions against known bit patterns.
final class ElementConversionTests: XCTestCase {
    func testBFloat16RoundsToNearestEven() {
        let cases: [(Float, UInt16)] = [
            (1, 0x3F80), (-2, 0xC000), (0.1, 0x3DCD), (3.14159265, 0x4049),
            (1 + 0x1p-8, 0x3F80), (1 + 3 * 0x1p-8, 0x3F82), // ties go to the even mantissa
            (65504, 0x4780), (.greatestFiniteMagnitude, 0x7F80), (-.infinity, 0xFF80),
            (0x1p-133, 0x0001), (-0.0, 0x8000), (.nan, 0x7FC0),
        ]
        for (value, bits) in cases {
            XCTAssertEqual(ElementConversion.bfloat16Bits(value), bits, "\(value)")
        }
        XCTAssertEqual(ElementConversion.bfloat16Bits(-Float.nan), 0xFFC0)
        XCTAssertEqual(ElementConversion.float(bfloat16Bits: 0x4049), 3.140625)
        XCTAssertEqual(ElementConversion.float(bfloat16Bits: 0xC000), -2)
    }

    func testFloat16RoundsToNearestEvenAndOverflowsToInfinity() {
        let cases: [(Float, UInt16)] = [
            (1, 0x3C00), (-2, 0xC000), (0.1, 0x2E66), (65504, 0x7BFF), (65519, 0x7BFF), (65520, 0x7C00),
            (0x1p-24, 0x0001), (0x1p-26, 0x0000), (1 + 0x1p-11, 0x3C00), (1 + 3 * 0x1p-11, 0x3C02), (-0.0, 0x8000),
        ]
        for (value, bits) in cases {
            XCTAssertEqual(ElementConversion.float16Bits(value), bits, "\(value)")
        }
    }

    func testFloat16DecodingMatchesSwiftFloat16ForEveryBitPattern() {
        for bits in UInt16.min...UInt16.max {
            let expected = Float(Float16(bitPattern: bits)), decoded = ElementConversion.float(float16Bits: bits)
            if expected.isNaN {
                XCTAssertTrue(decoded.isNaN, "\(bits)")
                XCTAssertEqual(decoded.sign, expected.sign, "\(bits)")
            } else {
                XCTAssertEqual(decoded.bitPattern, expected.bitPattern, "\(bits)")
            }
        }
    }

    func testFloat8Decoding() {
        let e4m3: [(UInt8, Float)] = [(0x38, 1), (0xB8, -1), (0x7E, 448), (0x01, 0x1p-9), (0x08, 0x1p-6), (0x3C, 1.5)]
        for (bits, value) in e4m3 {
            XCTAssertEqual(ElementConversion.float(float8E4M3Bits: bits), value, "E4M3 \(bits)")
        }
        XCTAssertTrue(ElementConversion.float(float8E4M3Bits: 0x7F).isNaN)
        XCTAssertTrue(ElementConversion.float(float8E4M3Bits: 0xFF).isNaN)
        let e5m2: [(UInt8, Float)] = [(0x3C, 1), (0xC0, -2), (0x7B, 57344), (0x01, 0x1p-16), (0x7C, .infinity)]
        for (bits, value) in e5m2 {
            XCTAssertEqual(ElementConversion.float(float8E5M2Bits: bits), value, "E5M2 \(bits)")
        }
    }
}
