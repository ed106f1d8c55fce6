import CPNG
import CSndFile
import Foundation
import XCTest

/// libpng (simplified API) and libsndfile link and round-trip data.
final class MediaLibraryTests: XCTestCase {
    func testPNGRoundTripInMemory() throws {
        let (width, height) = (3, 2)
        let pixels: [UInt8] = (0..<(width * height * 3)).map { UInt8($0 * 13 % 256) }
        var image = png_image()
        image.version = TESSERA_PNG_IMAGE_VERSION
        image.width = UInt32(width)
        image.height = UInt32(height)
        image.format = TESSERA_PNG_FORMAT_RGB
        XCTAssertEqual(tessera_png_row_stride(TESSERA_PNG_FORMAT_RGB, UInt32(width)), UInt32(width * 3))

        var size: Int = 0
        XCTAssertNotEqual(png_image_write_to_memory(&image, nil, &size, 0, pixels, 0, nil), 0)
        var encoded = [UInt8](repeating: 0, count: size)
        XCTAssertNotEqual(png_image_write_to_memory(&image, &encoded, &size, 0, pixels, 0, nil), 0)
        XCTAssertEqual(Array(encoded.prefix(4)), [0x89, 0x50, 0x4E, 0x47])

        var decoded = png_image()
        decoded.version = TESSERA_PNG_IMAGE_VERSION
        XCTAssertNotEqual(png_image_begin_read_from_memory(&decoded, encoded, size), 0)
        decoded.format = TESSERA_PNG_FORMAT_RGB
        var output = [UInt8](repeating: 0, count: width * height * 3)
        XCTAssertNotEqual(png_image_finish_read(&decoded, nil, &output, 0, nil), 0)
        XCTAssertEqual(output, pixels)
    }

    func testPNGRejectsGarbage() {
        var image = png_image()
        image.version = TESSERA_PNG_IMAGE_VERSION
        let garbage: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
        XCTAssertEqual(png_image_begin_read_from_memory(&image, garbage, garbage.count), 0)
        png_image_free(&image)
    }

    func testWAVRoundTrip() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-\(UUID()).wav")
        defer { try? FileManager.default.removeItem(at: url) }
        var info = SF_INFO()
        info.samplerate = 16000
        info.channels = 1
        info.format = Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT)
        let samples: [Float] = (0..<160).map { sin(Float($0) * 0.1) * 0.5 }
        let writer = try XCTUnwrap(sf_open(url.path, Int32(SFM_WRITE), &info))
        XCTAssertEqual(sf_write_float(writer, samples, sf_count_t(samples.count)), sf_count_t(samples.count))
        sf_close(writer)

        var readInfo = SF_INFO()
        let reader = try XCTUnwrap(sf_open(url.path, Int32(SFM_READ), &readInfo))
        defer { sf_close(reader) }
        XCTAssertEqual(readInfo.samplerate, 16000)
        var read = [Float](repeating: 0, count: samples.count)
        XCTAssertEqual(sf_read_float(reader, &read, sf_count_t(read.count)), sf_count_t(samples.count))
        XCTAssertEqual(read, samples)
        XCTAssertTrue(String(cString: sf_version_string()).contains("libsndfile"))
    }
}
