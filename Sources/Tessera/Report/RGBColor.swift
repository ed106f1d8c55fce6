/// An 8-bit sRGB colour for drawing.
public struct RGBColor: Equatable, Hashable, Sendable {
    /// Red, 0–255.
    public var red: UInt8
    /// Green, 0–255.
    public var green: UInt8
    /// Blue, 0–255.
    public var blue: UInt8

    /// The colour with these channel values.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        (self.red, self.green, self.blue) = (red, green, blue)
    }

    /// Pure white.
    public static let white = RGBColor(red: 255, green: 255, blue: 255)
    /// Pure black.
    public static let black = RGBColor(red: 0, green: 0, blue: 0)
    /// Distinct colours for plot series, in order (blue, orange, green, red, purple, brown).
    public static let seriesPalette = [
        RGBColor(red: 31, green: 119, blue: 180), RGBColor(red: 255, green: 127, blue: 14), RGBColor(red: 44, green: 160, blue: 44),
        RGBColor(red: 214, green: 39, blue: 40), RGBColor(red: 148, green: 103, blue: 189), RGBColor(red: 140, green: 86, blue: 75),
    ]
}
