import CPNG
import Formats
import Foundation

/// Writes 8-bit RGB and RGBA PNG files through libpng's simplified API, atomically.
public enum PNGEncoder {
    /// The samples of one pixel.
    public enum Layout: Int, Sendable {
        /// Red, green, blue: 3 bytes.
        case rgb = 3
        /// Red, green, blue, alpha (not premultiplied): 4 bytes.
        case rgba = 4

        var format: UInt32 { self == .rgb ? TESSERA_PNG_FORMAT_RGB : TESSERA_PNG_FORMAT_RGBA }
    }

    /// Writes `width × height` pixels (row-major, `layout.rawValue` bytes each) as a PNG file at
    /// `url`, through a temporary file renamed into place when complete.
    public static func write(pixels: [UInt8], width: Int, height: Int, layout: Layout, to url: URL) throws {
        guard width > 0, height > 0, width <= Int(Int32.max), height <= Int(Int32.max) else {
            throw FormatError(url, "cannot write a \(width)×\(height) PNG image")
        }
        precondition(pixels.count == width * height * layout.rawValue,
                     "\(pixels.count) bytes for a \(width)×\(height) image of \(layout.rawValue) channels")
        try AtomicFileOutput.create(at: url) { output in
            let duplicate = dup(output.descriptor)
            guard duplicate >= 0, let file = fdopen(duplicate, "wb") else {
                if duplicate >= 0 { close(duplicate) }
                throw FormatError(url, "cannot write: \(String(cString: strerror(errno)))")
            }
            var image = png_image()
            image.version = TESSERA_PNG_IMAGE_VERSION
            image.width = UInt32(width)
            image.height = UInt32(height)
            image.format = layout.format
            let encoded = png_image_write_to_stdio(&image, file, 0, pixels, 0, nil) != 0
            let message = image.messageText
            png_image_free(&image)
            let closed = fclose(file) == 0
            guard encoded else { throw FormatError(url, "PNG encoding failed: \(message)") }
            guard closed else { throw FormatError(url, "write failed: \(String(cString: strerror(errno)))") }
        }
    }
}

extension RGBImage {
    /// Writes the image as an 8-bit RGB PNG file at `url`, atomically.
    public func writePNG(to url: URL) throws {
        try PNGEncoder.write(pixels: pixels, width: width, height: height, layout: .rgb, to: url)
    }
}
