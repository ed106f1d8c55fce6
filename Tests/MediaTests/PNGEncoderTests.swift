import TestSupport
import Formats
import Foundation
import Media
import XCTest

/// PNG encoding: lossless round trips, atomic output.
final class PNGEncoderTests: XCTestCase {
    func testRGBRoundTripIsExact() throws {
        let directory = try makeTemporaryDirectory()
        let pixels: [UInt8] = (0..<(13 * 9 * 3)).map { (index: Int) -> UInt8 in UInt8((index * 37 + index / 7) % 256) }
        let image = RGBImage(width: 13, height: 9, pixels: pixels)
        let url = directory.appendingPathComponent("image.png")
        try image.writePNG(to: url)
        XCTAssertEqual(try PNGDecoder().decode(url), image)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["image.png"])
    }

    func testRGBARoundTripCompositesOnWhite() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("alpha.png")
        // Opaque red, transparent green, half-transparent blue, opaque gray.
        let pixels: [UInt8] = [255, 0, 0, 255, 0, 255, 0, 0, 0, 0, 255, 128, 90, 90, 90, 255]
        try PNGEncoder.write(pixels: pixels, width: 2, height: 2, layout: .rgba, to: url)
        let header = try PNGDecoder().header(of: url)
        XCTAssertTrue(header.hasAlpha)
        XCTAssertEqual(try PNGDecoder().decode(url).pixels, [255, 0, 0, 255, 255, 255, 127, 127, 255, 90, 90, 90])
    }

    func testFailedWriteLeavesNoFile() throws {
        let directory = try makeTemporaryDirectory()
        let url = directory.appendingPathComponent("missing-directory/image.png")
        let image = RGBImage(width: 1, height: 1, pixels: [1, 2, 3])
        assertFormatError(try image.writePNG(to: url), path: url.path, contains: "temporary file")
        let empty = RGBImage(width: 0, height: 4, pixels: [])
        let emptyURL = directory.appendingPathComponent("empty.png")
        assertFormatError(try empty.writePNG(to: emptyURL), path: emptyURL.path, contains: "0×4")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [])
    }
}
