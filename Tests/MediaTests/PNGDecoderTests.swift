import TestSupport
import Formats
import Foundation
import Media
import XCTest

/// PNG decoding: every colour type and bit depth against values computed independently in Python.
final class PNGDecoderTests: XCTestCase {
    func testEveryColourTypeAndBitDepthDecodesToExpectedRGB() throws {
        let expected = try fixtureJSON("png/expected.json")
        XCTAssertGreaterThanOrEqual(expected.count, 20)
        for (name, value) in expected.sorted(by: { $0.key < $1.key }) {
            let entry = try XCTUnwrap(value as? [String: Any])
            let image = try PNGDecoder().decode(fixtureURL("png/\(name).png"))
            XCTAssertEqual(image.width, entry["width"] as? Int, name)
            XCTAssertEqual(image.height, entry["height"] as? Int, name)
            XCTAssertEqual(image.pixels, (entry["rgb"] as? [Int])?.map(UInt8.init), name)
        }
    }

    func testHeaderDescribesLayoutWithoutDecoding() throws {
        let palette = try PNGDecoder().header(of: fixtureURL("png/palette8_trns.png"))
        XCTAssertEqual(palette.width, 7)
        XCTAssertEqual(palette.height, 5)
        XCTAssertTrue(palette.hasPalette && palette.hasAlpha && palette.hasColor)
        XCTAssertEqual(try PNGDecoder().header(of: fixtureURL("png/gray16.png")).layoutDescription, "gray 16-bit")
        XCTAssertEqual(try PNGDecoder().header(of: fixtureURL("png/rgba8.png")).layoutDescription, "RGBA")
        // The header of an image far above the pixel limit is still readable.
        let huge = try PNGDecoder().header(of: fixtureURL("adversarial/huge-header.png"))
        XCTAssertEqual([huge.width, huge.height], [100_000, 100_000])
    }

    func testDecodingFromMemoryMatchesDecodingTheFile() throws {
        let url = try fixtureURL("png/rgba16.png")
        let bytes = try [UInt8](Data(contentsOf: url))
        XCTAssertEqual(try PNGDecoder().decode(bytes: bytes, name: "memory"), try PNGDecoder().decode(url))
        assertFormatError(try PNGDecoder().decode(bytes: Array(bytes.prefix(60)), name: "memory"), path: "memory",
                          contains: "'IDAT' chunk at byte 33 claims")
    }

    func testPixelLimitRefusesLargeImagesAndIsConfigurable() throws {
        let url = try fixtureURL("png/rgb8.png")  // 7×5 = 35 pixels
        XCTAssertNoThrow(try PNGDecoder(maximumPixels: 35).decode(url))
        assertFormatError(try PNGDecoder(maximumPixels: 34).decode(url), path: url.path, contains: "above the limit of 34")
        let huge = try fixtureURL("adversarial/huge-header.png")
        assertFormatError(try PNGDecoder().decode(huge), path: huge.path, contains: "100000×100000 is 10000000000 pixels")
    }

    func testFileEndingAtAChunkBoundaryIsCutOff() throws {
        let bytes = try Data(contentsOf: fixtureURL("png/rgb8.png"))
        let url = try makeTemporaryDirectory().appendingPathComponent("header-only.png")
        try bytes.prefix(33).write(to: url)  // the signature and IHDR chunk, nothing after
        assertFormatError(try PNGDecoder().decode(url), path: url.path, contains: "the file ends early")
    }

    func testMissingFileIsAFormatError() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("missing.png")
        assertFormatError(try PNGDecoder().decode(url), path: url.path, contains: "No such file")
    }

    func testAdversarialPNGFilesThrowFormatErrors() throws {
        let cases = ["empty.png": "empty file", "truncated.png": "'IDAT' chunk at byte 33 claims", "bitflip.png": "invalid PNG: IDAT",
                     "wav-named.png": "not a PNG file (it is a WAV audio file)", "huge-header.png": "above the limit"]
        for (name, problem) in cases {
            let url = try fixtureURL("adversarial/\(name)")
            assertFormatError(try PNGDecoder().decode(url), path: url.path, contains: problem)
        }
    }
}
