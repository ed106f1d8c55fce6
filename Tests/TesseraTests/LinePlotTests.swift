import Formats
import Media
@testable import Tessera
import TestSupport
import XCTest

/// `LinePlot` rendered to pixels: where the lines, dots and labels land, clipping, and odd data.
final class LinePlotTests: XCTestCase {
    private let red = RGBColor(red: 200, green: 30, blue: 40)

    /// A plot of one red series through `points`.
    private func plot(_ points: [(x: Double, y: Double)], yRange: ClosedRange<Double>? = nil) -> LinePlot {
        LinePlot(title: "Loss (nats/token)", xLabel: "step", yLabel: "loss", series: [.init(name: "train", points: points, color: red)], yRange: yRange)
    }

    func testRisingLineRunsCornerToCornerOnAWhiteBackground() {
        let plot = plot((0...10).map { (Double($0), Double($0)) })
        let image = plot.render()
        XCTAssertEqual([image.width, image.height], [640, 400])
        for (x, y) in [(0, 0), (639, 0), (0, 399), (639, 399), (320, 1)] { XCTAssertEqual(image.color(x, y), .white, "(\(x), \(y))") }
        let (layout, xAxis, yAxis) = plot.geometry(width: 640, height: 400)
        XCTAssertEqual([xAxis.lower, xAxis.upper, yAxis.lower, yAxis.upper], [0, 10, 0, 10])
        let area = layout.area
        let drawn = image.pixels(of: red, in: area)
        XCTAssertEqual(Set(drawn.map(\.x)).count, area.width, "the line crosses every column of the plot area")
        // Every line pixel lies on the diagonal from the bottom-left to the top-right corner (within the 2-pixel brush).
        let slope = Double(area.height - 1) / Double(area.width - 1)
        let bottom = Double(area.y + area.height - 1)
        let deviations = drawn.map { (pixel: (x: Int, y: Int)) -> Double in
            let expectedRow = bottom - Double(pixel.x - area.x) * slope
            return abs(expectedRow - Double(pixel.y))
        }
        let deviation = deviations.max() ?? .infinity
        XCTAssertLessThanOrEqual(deviation, 3, "within the brush and rounding")
        XCTAssertEqual(drawn.map(\.y).min(), area.y)
        XCTAssertEqual(drawn.map(\.y).max(), area.y + area.height - 1)
        XCTAssertFalse(image.pixels(of: red, in: Canvas.Rectangle(x: 0, y: layout.legendTop, width: 640, height: layout.textHeight)).isEmpty,
                       "the legend shows the series colour")
    }

    func testTickLabelsSitUnderTheirTicksAndNotBetween() {
        let plot = plot((0...10).map { (Double($0), Double($0 * $0) / 10) })
        let image = plot.render()
        let (layout, xAxis, yAxis) = plot.geometry(width: 640, height: 400)
        XCTAssertEqual(xAxis.labels, ["0", "2", "4", "6", "8", "10"])
        XCTAssertEqual(yAxis.labels, ["0", "2", "4", "6", "8", "10"])
        let labelRow = { (x: Int, width: Int) in Canvas.Rectangle(x: x, y: layout.xTickLabelTop, width: width, height: layout.textHeight) }
        for tick in xAxis.ticks {
            let column = plot.pixel(x: tick, y: 0).x
            XCTAssertFalse(image.pixels(of: .black, in: labelRow(column - 3, 6)).isEmpty, "label of x tick \(tick)")
            let between = plot.pixel(x: tick + 1, y: 0).x
            if tick < xAxis.upper { XCTAssertTrue(image.pixels(of: .black, in: labelRow(between - 2, 4)).isEmpty, "between \(tick) and \(tick + 2)") }
        }
        for tick in yAxis.ticks {
            let row = plot.pixel(x: 0, y: tick).y
            let labels = Canvas.Rectangle(x: layout.gap + layout.textHeight, y: row - 2, width: layout.area.x - layout.tickLength - layout.gap - layout.textHeight, height: 4)
            XCTAssertFalse(image.pixels(of: .black, in: labels).isEmpty, "label of y tick \(tick)")
        }
    }

    func testGlyphsAreDrawnFromTheFontAndUnknownCharactersAsBoxes() {
        var canvas = Canvas(width: 20, height: 20, background: .white)
        canvas.text("7", x: 2, y: 3, scale: 1, .black)
        canvas.text("→", x: 10, y: 3, scale: 1, .black)
        canvas.text("L", x: 2, y: 18, scale: 1, .black, upward: true)
        let image = canvas.image
        for row in 0..<7 {
            for column in 0..<5 {
                let seven = BitmapFont.rows(of: "7")[row] & (0x10 >> column) != 0
                XCTAssertEqual(image.color(2 + column, 3 + row) == .black, seven, "7 at (\(column), \(row))")
                let edge = row == 0 || row == 6 || column == 0 || column == 4
                XCTAssertEqual(image.color(10 + column, 3 + row) == .black, edge, "box at (\(column), \(row))")
                // Upward text turns the glyph a quarter anticlockwise: its rows become columns, its left column the bottom row.
                let ell = BitmapFont.rows(of: "L")[row] & (0x10 >> column) != 0
                XCTAssertEqual(image.color(2 + row, 17 - column) == .black, ell, "upward L at (\(column), \(row))")
            }
        }
        XCTAssertEqual(image.pixels(of: .black, in: image.rectangle).count, 11 + 20 + 11)
    }

    func testLinesLeavingTheRangeAreClippedAtTheEdge() {
        var points = (0...9).map { (x: Double($0), y: Double($0)) }
        points.append((x: 10, y: 1e300))
        let plot = plot(points, yRange: 0...5)
        let image = plot.render()
        let area = plot.geometry(width: 640, height: 400).layout.area
        let outside = image.pixels(of: red, in: image.rectangle).filter { !area.contains((Double($0.x), Double($0.y))) }
        XCTAssertTrue(outside.allSatisfy { $0.y < area.y - 4 }, "only the legend swatch lies outside the plot area")
        let topEdge = image.pixels(of: red, in: Canvas.Rectangle(x: area.x, y: area.y, width: area.width, height: 1))
        let exit = plot.pixel(x: 5, y: 5).x
        XCTAssertFalse(topEdge.isEmpty)
        XCTAssertTrue(topEdge.allSatisfy { abs($0.x - exit) <= 2 }, "the line leaves through the top at x = 5: \(topEdge) vs \(exit)")
        let rightHalf = Canvas.Rectangle(x: exit + 3, y: area.y, width: area.x + area.width - exit - 3, height: area.height)
        XCTAssertTrue(image.pixels(of: red, in: rightHalf).isEmpty, "nothing drawn where the line is above the range")
    }

    func testNonFinitePointsBreakTheLineAndIsolatedPointsAreDots() {
        let points: [(x: Double, y: Double)] = [(0, 0), (1, .nan), (2, 2), (3, .infinity), (4, 4), (5, 5), (.nan, 6)]
        let plot = LinePlot(title: "", xLabel: "", yLabel: "", series: [
            .init(name: "empty", points: [], color: .black),
            .init(name: "all NaN", points: [(.nan, .nan), (1, .nan)], color: .black),
            .init(name: "broken", points: points, color: red),
        ])
        let image = plot.render()
        let (layout, xAxis, yAxis) = plot.geometry(width: 640, height: 400)
        XCTAssertEqual([xAxis.lower, xAxis.upper, yAxis.lower, yAxis.upper], [0, 5, 0, 5])
        let dotSize = layout.dotSize
        for (x, y) in [(2.0, 2.0), (0.0, 0.0)] {
            let centre = plot.pixel(x: x, y: y)
            let neighbourhood = Canvas.Rectangle(x: centre.x - dotSize, y: centre.y - dotSize, width: 2 * dotSize, height: 2 * dotSize)
            let expected = x == 0 ? (dotSize / 2 + 1) * (dotSize / 2 + 1) : dotSize * dotSize  // the dot at the origin is clipped to a quarter
            XCTAssertEqual(image.pixels(of: red, in: neighbourhood).count, expected, "dot at (\(x), \(y))")
        }
        let gap = plot.pixel(x: 1, y: 1)
        XCTAssertTrue(image.pixels(of: red, in: Canvas.Rectangle(x: gap.x - 10, y: gap.y - 10, width: 20, height: 20)).isEmpty, "no line through NaN")
        let middle = plot.pixel(x: 4.5, y: 4.5)
        XCTAssertFalse(image.pixels(of: red, in: Canvas.Rectangle(x: middle.x - 2, y: middle.y - 2, width: 5, height: 5)).isEmpty, "4 to 5 joined")
    }

    func testEmptyPlotAndOnePointPlotRender() {
        let empty = LinePlot(title: "nothing", xLabel: "x", yLabel: "y", series: []).render(width: 200, height: 120)
        XCTAssertEqual([empty.width, empty.height], [200, 120])
        XCTAssertFalse(empty.pixels(of: .black, in: empty.rectangle).isEmpty, "the frame and labels are drawn")
        let single = plot([(x: 3, y: 7)])
        let image = single.render()
        let centre = single.pixel(x: 3, y: 7)
        let dotSize = single.geometry(width: 640, height: 400).layout.dotSize
        let drawn = image.pixels(of: red, in: single.geometry(width: 640, height: 400).layout.area)
        XCTAssertEqual(drawn.count, dotSize * dotSize)
        XCTAssertTrue(drawn.allSatisfy { abs($0.x - centre.x) <= dotSize / 2 && abs($0.y - centre.y) <= dotSize / 2 })
    }

    func testPNGDecodesToTheRenderedImage() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("loss.png")
        let plot = plot((0..<50).map { (Double($0), 5 * exp(-Double($0) / 10)) })
        try plot.writePNG(to: url, width: 320, height: 200)
        let decoded = try PNGDecoder().decode(url)
        XCTAssertEqual([decoded.width, decoded.height], [320, 200])
        XCTAssertEqual(decoded, plot.render(width: 320, height: 200))
    }

    /// A legend too wide for one row wraps: every entry starts inside the image, later rows lower, and
    /// the plot area starts below the last row; the last series' colour shows in the second row.
    func testALongLegendWrapsIntoRowsAboveThePlot() {
        let names = ["all", "audio", "captions (base)", "image", "special", "text"]
        let series = names.enumerated().map { index, name in
            LinePlot.Series(name: name, points: [(0, Double(index)), (1, Double(index) + 1)], color: RGBColor.seriesPalette[index])
        }
        let plot = LinePlot(title: "Held-out loss", xLabel: "step", yLabel: "loss", series: series)
        let (layout, _, _) = plot.geometry(width: 640, height: 400)
        XCTAssertEqual(layout.legendPositions.count, names.count)
        let rows = Set(layout.legendPositions.map(\.y)).sorted()
        XCTAssertGreaterThan(rows.count, 1, "six names at scale 2 do not fit in 640 pixels")
        for (name, position) in zip(names, layout.legendPositions) {
            XCTAssertLessThanOrEqual(position.x + 5 * layout.gap + BitmapFont.width(of: name, scale: layout.scale), 640 - layout.gap, name)
        }
        XCTAssertGreaterThan(layout.area.y, rows.last! + layout.textHeight)
        let image = plot.render()
        let lastRow = Canvas.Rectangle(x: 0, y: rows.last!, width: 640, height: layout.textHeight)
        XCTAssertFalse(image.pixels(of: RGBColor.seriesPalette[5], in: lastRow).isEmpty, "the last entry's swatch is drawn")
    }
}
