import Foundation
import Media

/// A line chart of one or more series, rendered to an RGB image (loss curves in the demo report).
///
/// White background, light grid lines and labelled ticks at 1-2-5 steps, the title and the legend
/// (wrapped into rows as needed) on top, axis labels in a 5×7 bitmap font. Points with a non-finite
/// coordinate break a line; a point with no finite neighbour draws as a dot; everything outside the
/// axes' ranges is clipped.
public struct LinePlot {
    /// One line of the chart.
    public struct Series {
        /// The name shown in the legend.
        public var name: String
        /// The points, joined in this order.
        public var points: [(x: Double, y: Double)]
        /// The line's colour.
        public var color: RGBColor

        /// A series named `name` through `points`, drawn in `color`.
        public init(name: String, points: [(x: Double, y: Double)], color: RGBColor) {
            (self.name, self.points, self.color) = (name, points, color)
        }
    }

    /// The line above the chart.
    public var title: String
    /// The label under the x axis.
    public var xLabel: String
    /// The label beside the y axis (reading upward).
    public var yLabel: String
    /// The lines, drawn in order (later ones on top).
    public var series: [Series]
    /// The x values shown; `nil` fits the data, widened to whole tick steps.
    public var xRange: ClosedRange<Double>?
    /// The y values shown; `nil` fits the data, widened to whole tick steps.
    public var yRange: ClosedRange<Double>?

    /// A chart of `series` with these labels and (optionally) fixed axis ranges.
    public init(title: String, xLabel: String, yLabel: String, series: [Series],
                xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil) {
        (self.title, self.xLabel, self.yLabel, self.series) = (title, xLabel, yLabel, series)
        (self.xRange, self.yRange) = (xRange, yRange)
    }

    /// The chart as a `width × height` image.
    public func render(width: Int = 640, height: Int = 400) -> RGBImage {
        precondition(width > 0 && height > 0, "cannot render a \(width)×\(height) plot")
        let (layout, xAxis, yAxis) = geometry(width: width, height: height)
        var canvas = Canvas(width: width, height: height, background: .white)
        drawAxes(on: &canvas, layout, xAxis, yAxis)
        canvas.clip = layout.area
        for line in series { draw(line, on: &canvas, layout, xAxis, yAxis) }
        canvas.clip = canvas.bounds
        drawLabels(on: &canvas, layout)
        return canvas.image
    }

    /// Writes the chart as a `width × height` PNG file at `url`, atomically.
    public func writePNG(to url: URL, width: Int = 640, height: Int = 400) throws {
        try render(width: width, height: height).writePNG(to: url)
    }

    /// The axes fitted to the finite points (or the fixed ranges) and where everything goes in a `width × height` image.
    func geometry(width: Int, height: Int) -> (layout: PlotLayout, xAxis: PlotAxis, yAxis: PlotAxis) {
        let points = series.flatMap { $0.points.filter { $0.x.isFinite && $0.y.isFinite } }
        let xAxis = PlotAxis(values: points.map(\.x), range: xRange)
        let yAxis = PlotAxis(values: points.map(\.y), range: yRange)
        let layout = PlotLayout(width: width, height: height, xLabels: xAxis.labels, yLabels: yAxis.labels, legend: series.map(\.name))
        return (layout, xAxis, yAxis)
    }

    private static let gridColor = RGBColor(red: 225, green: 225, blue: 225)

    /// Grid lines, the frame, tick marks and tick labels.
    private func drawAxes(on canvas: inout Canvas, _ layout: PlotLayout, _ xAxis: PlotAxis, _ yAxis: PlotAxis) {
        let area = layout.area
        let (left, right, top, bottom) = (area.x, area.x + area.width - 1, area.y, area.y + area.height - 1)
        for (tick, label) in zip(xAxis.ticks, xAxis.labels) {
            let x = Int(xAxis.position(of: tick, from: Double(left), to: Double(right)).rounded())
            canvas.line(from: (x, top), to: (x, bottom), Self.gridColor)
            canvas.line(from: (x, bottom), to: (x, bottom + layout.tickLength), .black)
            let labelWidth = BitmapFont.width(of: label, scale: layout.scale)
            canvas.text(label, x: x - labelWidth / 2, y: layout.xTickLabelTop, scale: layout.scale, .black)
        }
        for (tick, label) in zip(yAxis.ticks, yAxis.labels) {
            let y = Int(yAxis.position(of: tick, from: Double(bottom), to: Double(top)).rounded())
            canvas.line(from: (left, y), to: (right, y), Self.gridColor)
            canvas.line(from: (left - layout.tickLength, y), to: (left, y), .black)
            let labelWidth = BitmapFont.width(of: label, scale: layout.scale)
            canvas.text(label, x: left - layout.tickLength - layout.gap / 2 - labelWidth, y: y - layout.textHeight / 2,
                        scale: layout.scale, .black)
        }
        for (start, end) in [((left, top), (right, top)), ((right, top), (right, bottom)), ((left, bottom), (right, bottom)), ((left, top), (left, bottom))] {
            canvas.line(from: start, to: end, .black)
        }
    }

    /// One series: its finite points joined by clipped line segments, isolated points as dots.
    private func draw(_ line: Series, on canvas: inout Canvas, _ layout: PlotLayout, _ xAxis: PlotAxis, _ yAxis: PlotAxis) {
        let area = layout.area
        let pixels: [(x: Double, y: Double)?] = line.points.map { point in
            let x = xAxis.position(of: point.x, from: Double(area.x), to: Double(area.x + area.width - 1))
            let y = yAxis.position(of: point.y, from: Double(area.y + area.height - 1), to: Double(area.y))
            return x.isFinite && y.isFinite ? (x, y) : nil
        }
        for (index, pixel) in pixels.enumerated() {
            guard let pixel else { continue }
            let previous = index > 0 ? pixels[index - 1] : nil
            let hasNext = index + 1 < pixels.count && pixels[index + 1] != nil
            if let previous {
                guard let (start, end) = Self.clipped(from: previous, to: pixel, within: area) else { continue }
                canvas.line(from: Self.rounded(start), to: Self.rounded(end), line.color, thickness: layout.lineWidth)
            } else if !hasNext, area.contains(pixel) {
                let (x, y) = Self.rounded(pixel)
                canvas.dot(x, y, line.color, size: layout.dotSize)
            }
        }
    }

    /// The title, the legend rows and the axis labels.
    private func drawLabels(on canvas: inout Canvas, _ layout: PlotLayout) {
        let scale = layout.scale
        let area = layout.area
        canvas.text(title, x: (canvas.image.width - BitmapFont.width(of: title, scale: scale)) / 2, y: layout.titleTop, scale: scale, .black)
        let swatchWidth = 4 * layout.gap
        for (line, position) in zip(series, layout.legendPositions) {
            let swatch = Canvas.Rectangle(x: position.x, y: position.y + layout.textHeight / 2 - scale, width: swatchWidth, height: 2 * scale)
            canvas.fill(swatch, line.color)
            canvas.text(line.name, x: position.x + swatchWidth + layout.gap, y: position.y, scale: scale, .black)
        }
        canvas.text(xLabel, x: area.x + (area.width - BitmapFont.width(of: xLabel, scale: scale)) / 2, y: layout.xLabelTop, scale: scale, .black)
        canvas.text(yLabel, x: layout.gap, y: area.y + (area.height + BitmapFont.width(of: yLabel, scale: scale)) / 2, scale: scale, .black,
                    upward: true)
    }

    /// The part of the segment from `start` to `end` inside `area` (Liang–Barsky), or nil when none is.
    private static func clipped(from start: (x: Double, y: Double), to end: (x: Double, y: Double),
                                within area: Canvas.Rectangle) -> ((x: Double, y: Double), (x: Double, y: Double))? {
        let (deltaX, deltaY) = (end.x - start.x, end.y - start.y)
        let (minimumX, maximumX) = (Double(area.x), Double(area.x + area.width - 1))
        let (minimumY, maximumY) = (Double(area.y), Double(area.y + area.height - 1))
        var (entering, leaving) = (0.0, 1.0)
        for (direction, distance) in [(-deltaX, start.x - minimumX), (deltaX, maximumX - start.x), (-deltaY, start.y - minimumY), (deltaY, maximumY - start.y)] {
            if direction == 0 {
                if distance < 0 { return nil }
                continue
            }
            let fraction = distance / direction
            if direction < 0 { entering = Swift.max(entering, fraction) } else { leaving = Swift.min(leaving, fraction) }
            if entering > leaving { return nil }
        }
        return ((start.x + entering * deltaX, start.y + entering * deltaY), (start.x + leaving * deltaX, start.y + leaving * deltaY))
    }

    /// The nearest pixel to `point`.
    private static func rounded(_ point: (x: Double, y: Double)) -> (x: Int, y: Int) {
        (Int(point.x.rounded()), Int(point.y.rounded()))
    }
}
