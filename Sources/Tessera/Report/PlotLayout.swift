/// Where the parts of a `LinePlot` go in a `width × height` image: title and legend rows on top, the y label
/// and tick labels on the left, the x tick labels and label below, the plot area in the rest.
struct PlotLayout {
    /// The font magnification: 2 at the default 640 × 400, never below 1.
    let scale: Int
    /// The height of one line of text.
    let textHeight: Int
    /// The space between parts.
    let gap: Int
    /// The length of a tick mark.
    let tickLength: Int
    /// The width of a series' line.
    var lineWidth: Int { scale }
    /// The side of the square drawn for a point with no neighbour to join (odd, so it centres on the point).
    var dotSize: Int { 4 * scale + 1 }
    /// The top row of the title.
    let titleTop: Int
    /// The top row of the legend.
    let legendTop: Int
    /// Where each legend entry (swatch, then name) starts: entries run left to right and wrap to a
    /// new row where the next would pass the right edge.
    let legendPositions: [(x: Int, y: Int)]
    /// The rectangle the series are drawn in (and clipped to).
    let area: Canvas.Rectangle

    /// The layout for an image of `width × height` whose axes carry `xLabels` and `yLabels` and
    /// whose legend names `legend`.
    init(width: Int, height: Int, xLabels: [String], yLabels: [String], legend: [String]) {
        let scale = Swift.max(1, Swift.min(width / 320, height / 200))
        self.scale = scale
        (textHeight, gap, tickLength) = (BitmapFont.glyphHeight * scale, 4 * scale, 3 * scale)
        titleTop = gap
        legendTop = titleTop + textHeight + gap
        let widest = { (labels: [String]) in labels.map { BitmapFont.width(of: $0, scale: scale) }.max() ?? 0 }
        let left = gap + textHeight + gap + widest(yLabels) + tickLength + gap
        var positions: [(x: Int, y: Int)] = [], (x, y) = (left, legendTop)
        for name in legend {
            let entry = 5 * gap + BitmapFont.width(of: name, scale: scale)  // swatch, gap, name
            if x > left && x + entry > width - gap { (x, y) = (left, y + textHeight + gap) }
            positions.append((x, y))
            x += entry + 3 * gap
        }
        legendPositions = positions
        let top = (positions.last?.y ?? legendTop) + textHeight + 2 * gap
        let bottom = height - (gap + textHeight + gap + textHeight + tickLength + gap)
        let right = width - gap - widest(xLabels) / 2
        area = Canvas.Rectangle(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// The top row of the x tick labels.
    var xTickLabelTop: Int { area.y + area.height + tickLength + gap / 2 }

    /// The top row of the x axis label.
    var xLabelTop: Int { xTickLabelTop + textHeight + gap }
}
