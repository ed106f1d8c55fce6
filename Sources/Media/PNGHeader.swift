import CPNG

/// What a PNG file's header says about its pixels, known before any pixel is decoded.
public struct PNGHeader: Equatable, Sendable {
    /// Pixels per row.
    public let width: Int
    /// Rows.
    public let height: Int
    /// Whether pixels carry colour (false for grayscale).
    public let hasColor: Bool
    /// Whether pixels carry transparency: an alpha channel or a tRNS chunk.
    public let hasAlpha: Bool
    /// Whether pixels are indices into a palette.
    public let hasPalette: Bool
    /// Whether samples have 16 bits (otherwise 8 or fewer).
    public let hasSixteenBitSamples: Bool

    /// The header libpng read into `image`.
    init(_ image: png_image) {
        width = Int(image.width)
        height = Int(image.height)
        hasColor = image.format & UInt32(PNG_FORMAT_FLAG_COLOR) != 0
        hasAlpha = image.format & UInt32(PNG_FORMAT_FLAG_ALPHA) != 0
        hasPalette = image.format & UInt32(PNG_FORMAT_FLAG_COLORMAP) != 0
        hasSixteenBitSamples = image.format & UInt32(PNG_FORMAT_FLAG_LINEAR) != 0
    }

    /// The pixel layout in a few words: "RGBA", "gray", "palette RGB", "gray 16-bit", …
    public var layoutDescription: String {
        let channels = (hasColor ? "RGB" : "gray") + (hasAlpha ? (hasColor ? "A" : "+alpha") : "")
        return (hasPalette ? "palette " : "") + channels + (hasSixteenBitSamples ? " 16-bit" : "")
    }
}

extension png_image {
    /// libpng's error or warning message for this image.
    var messageText: String {
        withUnsafeBytes(of: message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}
