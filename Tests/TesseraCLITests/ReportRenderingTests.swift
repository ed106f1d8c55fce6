import Foundation
import Media
import Tessera
import TestSupport
import XCTest

/// HTML reports opened in headless Chromium: every image loads and the screenshot shows them.
final class ReportRenderingTests: XCTestCase {
    private let plotColor = RGBColor(red: 20, green: 150, blue: 90)

    func testPageWithALinePlotShowsThePlotPixels() throws {
        let directory = try makeTemporaryDirectory()
        let plot = LinePlot(title: "Held-out loss", xLabel: "step", yLabel: "loss",
                            series: [.init(name: "text", points: (0...40).map { (Double($0), 3 + 2 * cos(Double($0) / 6)) }, color: plotColor)])
        let image = plot.render(width: 320, height: 200)
        try image.writePNG(to: directory.appendingPathComponent("loss.png"))
        let page = directory.appendingPathComponent("page.html")
        try Data(HTMLPage.document(title: "Plot", body: #"<h1>Loss</h1><p><img src="loss.png" alt="loss"></p>"#).utf8).write(to: page)

        let dom = try HeadlessChromium.dom(of: page)
        XCTAssertEqual(HeadlessChromium.bodyAttribute("images-loaded", in: dom), 1, dom)
        XCTAssertEqual(HeadlessChromium.bodyAttribute("images-total", in: dom), 1, dom)

        let screenshot = try HeadlessChromium.screenshot(of: page, width: 640, height: 480)
        XCTAssertEqual([screenshot.width, screenshot.height], [640, 480])
        assertNotBlank(screenshot)
        let match = try XCTUnwrap(Self.bestMatch(of: image, in: screenshot, anchorColor: plotColor), "the plot is not in the screenshot")
        XCTAssertLessThan(match.meanDifference, 4, "plot found at \(match.x), \(match.y) but its pixels differ")
    }

    func testLoadCheckCountsABrokenImage() throws {
        let directory = try makeTemporaryDirectory()
        try LinePlot(title: "t", xLabel: "x", yLabel: "y", series: []).writePNG(to: directory.appendingPathComponent("plot.png"), width: 64, height: 64)
        let page = directory.appendingPathComponent("page.html")
        try Data(HTMLPage.document(title: "Broken", body: #"<img src="plot.png"><img src="missing.png"><audio src="missing.wav"></audio>"#).utf8)
            .write(to: page)
        let dom = try HeadlessChromium.dom(of: page)
        XCTAssertEqual(HeadlessChromium.bodyAttribute("images-loaded", in: dom), 1, dom)
        XCTAssertEqual(HeadlessChromium.bodyAttribute("images-total", in: dom), 2, dom)
        XCTAssertEqual(HeadlessChromium.bodyAttribute("audio-total", in: dom), 1, dom)
    }

    /// The quick demo's report: every image file exists and loads, and the screenshot shows the
    /// training-loss plot pixel for pixel.
    func testQuickDemoReportLoadsEveryImage() throws {
        let directory = try makeTemporaryDirectory()
        try QuickDemo.writeDatasets(in: directory)
        let output = directory.appendingPathComponent("demo")
        let result = try Tessera.run(QuickDemo.arguments(output: output, datasets: directory))
        XCTAssertEqual(result.status, 0, result.standardError)
        let report = output.appendingPathComponent("report.html")
        let html = try String(contentsOf: report, encoding: .utf8)
        let sources = Self.imageSources(in: html)
        XCTAssertFalse(sources.isEmpty, html)
        for source in sources { XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent(source).path), source) }

        let screenshot = try HeadlessChromium.screenshot(of: report, width: 1000, height: 2400)
        assertNotBlank(screenshot)
        let plot = try PNGDecoder().decode(output.appendingPathComponent("plots/training-loss.png"))
        let match = try XCTUnwrap(Self.bestMatch(of: plot, in: screenshot, anchorColor: RGBColor.seriesPalette[0]),
                                  "the training-loss plot is not in the screenshot")
        XCTAssertLessThan(match.meanDifference, 4, "training-loss plot found at \(match.x), \(match.y) but its pixels differ")
        let dom = try HeadlessChromium.dom(of: report)
        let loaded = HeadlessChromium.bodyAttribute("images-loaded", in: dom)
        let total = HeadlessChromium.bodyAttribute("images-total", in: dom)
        XCTAssertNotNil(total, "no data-images-total on <body>: report.html is not made with HTMLPage.document")
        XCTAssertEqual(total, sources.count)
        XCTAssertEqual(loaded, total, "images that did not load in Chromium")
    }

    /// Fails unless at least 0.2% of the screenshot is dark (text, lines) and it holds more than a few colours.
    private func assertNotBlank(_ screenshot: RGBImage, file: StaticString = #filePath, line: UInt = #line) {
        let pixels = stride(from: 0, to: screenshot.pixels.count, by: 3).map { (screenshot.pixels[$0], screenshot.pixels[$0 + 1], screenshot.pixels[$0 + 2]) }
        let dark = pixels.filter { Int($0.0) + Int($0.1) + Int($0.2) < 3 * 128 }.count
        XCTAssertGreaterThan(dark * 500, pixels.count, "the screenshot is (nearly) blank", file: file, line: line)
        XCTAssertGreaterThan(Set(pixels.map { [$0.0, $0.1, $0.2] }).count, 8, "the screenshot has almost no colours", file: file, line: line)
    }

    /// The `src` of every `<img>` in `html`.
    private static func imageSources(in html: String) -> [String] {
        let expression = try! NSRegularExpression(pattern: #"<img[^>]*\ssrc="([^"]*)""#)
        return expression.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap { match in
            Range(match.range(at: 1), in: html).map { String(html[$0]) }
        }
    }

    /// Where `image` best lines up with `screenshot`, trying every placement that puts the first pixel of
    /// `anchorColor` in `image` on a pixel of about that colour in `screenshot` (ranked on every fifth row
    /// and column); with the mean absolute channel difference over the whole image there.
    private static func bestMatch(of image: RGBImage, in screenshot: RGBImage, anchorColor: RGBColor) -> (x: Int, y: Int, meanDifference: Double)? {
        let close = { (pixel: (red: UInt8, green: UInt8, blue: UInt8)) in
            abs(Int(pixel.red) - Int(anchorColor.red)) + abs(Int(pixel.green) - Int(anchorColor.green)) + abs(Int(pixel.blue) - Int(anchorColor.blue)) <= 12
        }
        guard let anchor = (0..<image.width * image.height).first(where: { close(image[$0 % image.width, $0 / image.width]) })
            .map({ (x: $0 % image.width, y: $0 / image.width) }) else { return nil }
        var best: (x: Int, y: Int, meanDifference: Double)?
        for y in anchor.y..<(screenshot.height - image.height + anchor.y + 1) {
            for x in anchor.x..<(screenshot.width - image.width + anchor.x + 1) where close(screenshot[x, y]) {
                let difference = meanDifference(image, screenshot, offsetX: x - anchor.x, offsetY: y - anchor.y, step: 5)
                if difference < best?.meanDifference ?? .infinity { best = (x - anchor.x, y - anchor.y, difference) }
            }
        }
        return best.map { ($0.x, $0.y, meanDifference(image, screenshot, offsetX: $0.x, offsetY: $0.y, step: 1)) }
    }

    /// The mean absolute channel difference between `image` and the same-sized region of `screenshot` at the
    /// offset, over every `step`-th row and column.
    private static func meanDifference(_ image: RGBImage, _ screenshot: RGBImage, offsetX: Int, offsetY: Int, step: Int) -> Double {
        var (total, count) = (0, 0)
        for y in stride(from: 0, to: image.height, by: step) {
            for x in stride(from: 0, to: image.width, by: step) {
                let (expected, found) = (image[x, y], screenshot[offsetX + x, offsetY + y])
                total += abs(Int(expected.red) - Int(found.red)) + abs(Int(expected.green) - Int(found.green)) + abs(Int(expected.blue) - Int(found.blue))
                count += 3
            }
        }
        return Double(total) / Double(count)
    }
}
