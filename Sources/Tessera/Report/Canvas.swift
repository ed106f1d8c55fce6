import Media

/// A drawing surface over an RGB image: pixels, filled rectangles, straight lines and bitmap text.
/// Everything is clipped to `clip` (the whole image unless narrowed).
struct Canvas {
    /// A pixel rectangle: columns `x..<x + width`, rows `y..<y + height`.
    struct Rectangle {
        var x: Int, y: Int, width: Int, height: Int
    }

    /// The pixels drawn so far.
    private(set) var image: RGBImage
    /// Drawing outside this rectangle does nothing.
    var clip: Rectangle

    /// A `width × height` canvas filled with `background`.
    init(width: Int, height: Int, background: RGBColor) {
        image = RGBImage(width: width, height: height,
                         pixels: [UInt8]((0..<width * height).flatMap { _ in [background.red, background.green, background.blue] }))
        clip = Rectangle(x: 0, y: 0, width: width, height: height)
    }

    /// The whole image.
    var bounds: Rectangle { Rectangle(x: 0, y: 0, width: image.width, height: image.height) }

    /// Paints the pixel in column `x`, row `y`, when inside the clip rectangle.
    mutating func set(_ x: Int, _ y: Int, _ color: RGBColor) {
        guard x >= clip.x, x < clip.x + clip.width, y >= clip.y, y < clip.y + clip.height else { return }
        let offset = (y * image.width + x) * 3
        image.pixels[offset] = color.red
        image.pixels[offset + 1] = color.green
        image.pixels[offset + 2] = color.blue
    }

    /// Fills `rectangle` with `color`.
    mutating func fill(_ rectangle: Rectangle, _ color: RGBColor) {
        let (left, right) = (Swift.max(rectangle.x, clip.x), Swift.min(rectangle.x + rectangle.width, clip.x + clip.width))
        let (top, bottom) = (Swift.max(rectangle.y, clip.y), Swift.min(rectangle.y + rectangle.height, clip.y + clip.height))
        guard left < right, top < bottom else { return }
        for y in top..<bottom { for x in left..<right { set(x, y, color) } }
    }

    /// Draws a `thickness`-pixel line from `start` to `end` (Bresenham's algorithm with a square brush centred on each step).
    mutating func line(from start: (x: Int, y: Int), to end: (x: Int, y: Int), _ color: RGBColor, thickness: Int = 1) {
        let (deltaX, deltaY) = (abs(end.x - start.x), -abs(end.y - start.y))
        let (stepX, stepY) = (start.x < end.x ? 1 : -1, start.y < end.y ? 1 : -1)
        var (x, y, error) = (start.x, start.y, deltaX + deltaY)
        while true {
            dot(x, y, color, size: thickness)
            if x == end.x && y == end.y { return }
            let doubled = 2 * error
            if doubled >= deltaY { error += deltaY; x += stepX }
            if doubled <= deltaX { error += deltaX; y += stepY }
        }
    }

    /// Fills a `size × size` square centred on column `x`, row `y`.
    mutating func dot(_ x: Int, _ y: Int, _ color: RGBColor, size: Int) {
        fill(Rectangle(x: x - (size - 1) / 2, y: y - (size - 1) / 2, width: size, height: size), color)
    }

    /// Draws `text` in the bitmap font magnified `scale` times. Left to right with its top-left corner at (`x`, `y`);
    /// or, when `upward`, rotated a quarter turn anticlockwise, reading bottom to top, with its bottom-left corner at (`x`, `y`).
    mutating func text(_ text: String, x: Int, y: Int, scale: Int, _ color: RGBColor, upward: Bool = false) {
        for (index, character) in text.enumerated() {
            for (row, bits) in BitmapFont.rows(of: character).enumerated() {
                for column in 0..<BitmapFont.glyphWidth where bits & (0x10 >> column) != 0 {
                    let along = (index * BitmapFont.advance + column) * scale
                    let block = upward ? Rectangle(x: x + row * scale, y: y - along - scale, width: scale, height: scale)
                                       : Rectangle(x: x + along, y: y + row * scale, width: scale, height: scale)
                    fill(block, color)
                }
            }
        }
    }
}

extension Canvas.Rectangle {
    /// Whether `point` lies within the rectangle's pixels.
    func contains(_ point: (x: Double, y: Double)) -> Bool {
        point.x >= Double(x) && point.x <= Double(x + width - 1) && point.y >= Double(y) && point.y <= Double(y + height - 1)
    }
}
