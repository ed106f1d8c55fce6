import CPNG
import Formats
import Foundation

/// Reads PNG files into RGB images through libpng's simplified API (`png_image_*`), which
/// reports errors by return value (the classic API's longjmp would skip Swift's cleanup).
///
/// Every colour type and bit depth libpng reads is accepted: gray, gray+alpha, RGB, RGBA and
/// palette images, 1 to 16 bits per sample, interlaced or not. Transparent pixels are
/// composited on white in 8-bit space: c′ = round((c·a + 255·(255 − a)) / 255). 16-bit
/// samples are taken as sRGB-encoded and scaled to 8 bits (libpng's
/// `PNG_IMAGE_FLAG_16BIT_sRGB`); a file whose gAMA chunk is far from sRGB is converted to sRGB
/// by libpng. Images above `maximumPixels` are refused after the header is read and before
/// any pixel buffer is allocated, so a small file cannot make the reader allocate gigabytes.
public struct PNGDecoder: Sendable {
    /// The default pixel limit: 64 Mi pixels (an 8192 × 8192 image), 192 MiB of RGB.
    public static let defaultMaximumPixels = 1 << 26

    /// The largest `width × height` decoded; larger images throw a `FormatError`.
    public var maximumPixels: Int

    /// A decoder that refuses images above `maximumPixels` pixels.
    public init(maximumPixels: Int = PNGDecoder.defaultMaximumPixels) {
        self.maximumPixels = maximumPixels
    }

    /// The header of the PNG file at `url`, without decoding its pixels.
    public func header(of url: URL) throws -> PNGHeader {
        try reading(url) { _, header in header }
    }

    /// The pixels of the PNG file at `url`, as RGB composited on white.
    public func decode(_ url: URL) throws -> RGBImage {
        try reading(url) { image, header in try decodePixels(&image, header: header, path: url.path) }
    }

    /// The pixels of PNG data in memory; errors name the data `name`.
    public func decode(bytes: [UInt8], name: String) throws -> RGBImage {
        try bytes.withUnsafeBytes { memory in
            try Self.checkStructure(ContainerBytes(memory: memory), path: name)
            return try withImage(path: name, begin: { png_image_begin_read_from_memory(&$0, memory.baseAddress, memory.count) }) {
                image, header in try decodePixels(&image, header: header, path: name)
            }
        }
    }

    /// Runs `body` on libpng's state for the file at `url` once its header is read.
    private func reading<Result>(_ url: URL, _ body: (inout png_image, PNGHeader) throws -> Result) throws -> Result {
        try ContainerBytes.withFile(url) { try Self.checkStructure($0, path: url.path) }
        return try withImage(path: url.path, begin: { png_image_begin_read_from_file(&$0, url.path) }, body)
    }

    /// Refuses files that are not PNG or whose chunks overrun the file, before libpng sees them.
    private static func checkStructure(_ bytes: ContainerBytes, path: String) throws {
        if let problem = FileSignature(bytes).notPNGProblem ?? PNGChunkCheck.problem(bytes) {
            throw FormatError(path: path, problem: problem)
        }
    }

    /// Starts a read with `begin`, runs `body` with the header, and frees libpng's state.
    private func withImage<Result>(path: String, begin: (inout png_image) -> Int32,
                                   _ body: (inout png_image, PNGHeader) throws -> Result) throws -> Result {
        var image = png_image()
        image.version = TESSERA_PNG_IMAGE_VERSION
        defer { png_image_free(&image) }
        guard begin(&image) != 0 else { throw Self.libpngError(image, path: path) }
        return try body(&image, PNGHeader(image))
    }

    /// Checks the size against the limit, then decodes every pixel to RGB.
    private func decodePixels(_ image: inout png_image, header: PNGHeader, path: String) throws -> RGBImage {
        let pixelCount = header.width * header.height
        guard pixelCount <= maximumPixels else {
            throw FormatError(path: path, problem: "\(header.width)×\(header.height) is \(pixelCount) pixels, "
                              + "above the limit of \(maximumPixels) (PNGDecoder.maximumPixels)")
        }
        // Transparent images decode as RGBA and are composited in place, leaving RGB in the
        // first three quarters of the buffer: peak memory 4 bytes per pixel.
        let channels = header.hasAlpha ? 4 : 3
        image.format = header.hasAlpha ? TESSERA_PNG_FORMAT_RGBA : TESSERA_PNG_FORMAT_RGB
        image.flags |= UInt32(PNG_IMAGE_FLAG_16BIT_sRGB)
        var succeeded = false
        let pixels = [UInt8](unsafeUninitializedCapacity: pixelCount * channels) { buffer, initialized in
            succeeded = png_image_finish_read(&image, nil, buffer.baseAddress, 0, nil) != 0
            if succeeded && header.hasAlpha { Self.compositeOnWhite(buffer.baseAddress!, pixelCount: pixelCount) }
            initialized = succeeded ? pixelCount * 3 : 0
        }
        guard succeeded else { throw Self.libpngError(image, path: path) }
        return RGBImage(width: header.width, height: header.height, pixels: pixels)
    }

    /// The error libpng reported for `image`.
    private static func libpngError(_ image: png_image, path: String) -> FormatError {
        let message = image.messageText
        // libpng's readers say only "Read Error" when the file ends early.
        return FormatError(path: path, problem: "invalid PNG: \(message)" + (message == "Read Error" ? " (the file ends early)" : ""))
    }

    /// Turns `pixelCount` RGBA pixels into RGB over white, in place (pixel i moves from byte 4i to 3i).
    private static func compositeOnWhite(_ buffer: UnsafeMutablePointer<UInt8>, pixelCount: Int) {
        for pixel in 0..<pixelCount {
            let source = buffer + pixel * 4
            let alpha = Int(source[3])
            let red = Int(source[0]), green = Int(source[1]), blue = Int(source[2])
            let white = 255 * (255 - alpha) + 127
            let destination = buffer + pixel * 3
            destination[0] = UInt8((red * alpha + white) / 255)
            destination[1] = UInt8((green * alpha + white) / 255)
            destination[2] = UInt8((blue * alpha + white) / 255)
        }
    }
}
