import Foundation
import Media
import XCTest

/// Cropping and resizing, with resizing checked bit for bit against Pillow.
final class ImageGeometryTests: XCTestCase {
    func testResizeMatchesPillowExactly() throws {
        let manifest = try fixtureJSON("resize/manifest.json")
        XCTAssertEqual(manifest.count, 5)
        for (name, value) in manifest {
            let size = try XCTUnwrap(value as? [String: Int])
            let source = try PNGDecoder().decode(fixtureURL("resize/\(name)_source.png"))
            let expected = try PNGDecoder().decode(fixtureURL("resize/\(name)_expected.png"))
            let resized = source.resized(width: try XCTUnwrap(size["width"]), height: try XCTUnwrap(size["height"]))
            XCTAssertEqual(resized, expected, name)
        }
    }

    func testResizeToSameSizeIsIdentityAndUniformImagesStayUniform() {
        let image = gradient(width: 6, height: 4)
        XCTAssertEqual(image.resized(width: 6, height: 4), image)
        let flat = RGBImage(width: 9, height: 5, pixels: [UInt8]((0..<45).flatMap { _ in [10, 200, 77] as [UInt8] }))
        for (width, height) in [(3, 2), (20, 11), (4, 17)] {
            let resized = flat.resized(width: width, height: height)
            XCTAssertEqual(resized.pixels, [UInt8]((0..<(width * height)).flatMap { _ in [10, 200, 77] as [UInt8] }))
        }
    }

    func testHalvingAveragesTwoByTwoBlocks() {
        let image = gradient(width: 4, height: 2)
        let half = image.resized(width: 2, height: 1)
        for x in 0..<2 {
            let block = [image[x * 2, 0], image[x * 2 + 1, 0], image[x * 2, 1], image[x * 2 + 1, 1]]
            let red = (block.map { Int($0.red) }.reduce(0, +) + 2) / 4
            XCTAssertEqual(Int(half[x, 0].red), red, accuracy: 1)
        }
    }

    func testCropsTakeTheRequestedWindow() {
        let image = gradient(width: 5, height: 4)
        let crop = image.cropped(x: 1, y: 2, width: 3, height: 2)
        XCTAssertEqual([crop.width, crop.height], [3, 2])
        XCTAssertTrue(crop[0, 0] == image[1, 2] && crop[2, 1] == image[3, 3])
        let centered = image.centerCropped(width: 2, height: 2)
        XCTAssertTrue(centered[0, 0] == image[1, 1])
        let square = image.centerCroppedToSquare(size: 4)
        XCTAssertEqual(square, image.centerCropped(width: 4, height: 4))
        XCTAssertEqual([image.centerCroppedToSquare(size: 9).width, image.centerCroppedToSquare(size: 9).height], [9, 9])
    }

    func testSquareResizeReadsTheCentredWindowInPlace() throws {
        let wide = try PNGDecoder().decode(fixtureURL("resize/box_37x23_to_16x10_source.png"))
        let tall = gradient(width: 5, height: 11)
        for (image, size) in [(wide, 16), (wide, 40), (tall, 3), (tall, 8)] {
            let side = min(image.width, image.height)
            XCTAssertEqual(image.centerCroppedToSquare(size: size),
                           image.centerCropped(width: side, height: side).resized(width: size, height: size), "\(size)")
        }
    }

    /// An image whose red grows with x, green with y, blue with both (wrapping at 256).
    private func gradient(width: Int, height: Int) -> RGBImage {
        var pixels: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width {
                pixels += [x * 40, y * 50, (x + y) * 20].map { UInt8(truncatingIfNeeded: $0) }
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }
}
