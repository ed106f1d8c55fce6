import Media
@testable import Tessera

extension RGBImage {
    /// The pixels of exactly `color` inside `rectangle`.
    func pixels(of color: RGBColor, in rectangle: Canvas.Rectangle) -> [(x: Int, y: Int)] {
        var found: [(x: Int, y: Int)] = []
        for y in Swift.max(0, rectangle.y)..<Swift.min(height, rectangle.y + rectangle.height) {
            for x in Swift.max(0, rectangle.x)..<Swift.min(width, rectangle.x + rectangle.width) where self.color(x, y) == color {
                found.append((x, y))
            }
        }
        return found
    }

    /// The colour of the pixel in column `x`, row `y`.
    func color(_ x: Int, _ y: Int) -> RGBColor {
        let pixel = self[x, y]
        return RGBColor(red: pixel.red, green: pixel.green, blue: pixel.blue)
    }

    /// The whole image as a rectangle.
    var rectangle: Canvas.Rectangle { Canvas.Rectangle(x: 0, y: 0, width: width, height: height) }
}

extension LinePlot {
    /// The pixel (column, row) where the data point (`x`, `y`) lands in a `width × height` rendering.
    func pixel(x: Double, y: Double, width: Int = 640, height: Int = 400) -> (x: Int, y: Int) {
        let (layout, xAxis, yAxis) = geometry(width: width, height: height)
        let area = layout.area
        let column = xAxis.position(of: x, from: Double(area.x), to: Double(area.x + area.width - 1))
        let row = yAxis.position(of: y, from: Double(area.y + area.height - 1), to: Double(area.y))
        return (Int(column.rounded()), Int(row.rounded()))
    }
}
