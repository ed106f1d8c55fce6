import Foundation

/// im2col and col2im over a band of window positions: the copies that turn a convolution
/// into a GEMM. Inner loops run over contiguous grid columns with their valid range worked
/// out once per kernel tap, so no element pays a division or a bounds test.
extension ConvolutionGeometry {
    /// im2col: writes the column matrix of `image` ([channels, imageHeight, imageWidth]) for
    /// the positions `band` into `columns` ([rows, band.count], leading dimension
    /// `leadingDimension`). Every element is written, padding as zeros.
    func gather(_ image: UnsafePointer<Float>, band: Range<Int>,
                into columns: UnsafeMutablePointer<Float>, leadingDimension: Int) {
        let validRows = validRows, validColumns = validColumns
        let bandRows = (band.lowerBound / gridWidth)..<((band.upperBound - 1) / gridWidth + 1)
        // At stride 1 with grid rows as wide as image rows, consecutive grid rows read
        // consecutive pixels: a run of rows is one copy, whose values that wrap past a row's
        // edge are then zeroed.
        let rowsAreContiguous = strideX == 1 && strideY == 1 && gridWidth == imageWidth
        parallelFor(rows, grain: Swift.max(1, (1 << 14) / Swift.max(band.count, 1))) { rowRange in
            for row in rowRange {
                let channel = row / (kernelHeight * kernelWidth)
                let tapY = row / kernelWidth % kernelHeight, tapX = row % kernelWidth
                // output[p] is the element of flat position p = gridY · gridWidth + gridX;
                // input[gridY · strideY · imageWidth + gridX · strideX] is its pixel.
                let output = columns + row * leadingDimension - band.lowerBound
                let input = image + channel * imageSize
                    + Self.tapOffset(tapY, padding: paddingY, dilation: dilationY) * imageWidth
                    + Self.tapOffset(tapX, padding: paddingX, dilation: dilationX)
                let inside = validRows[tapY].clamped(to: bandRows), valid = validColumns[tapX]
                for gridY in bandRows where !inside.contains(gridY) {
                    let span = gridColumns(row: gridY, in: band)
                    (output + gridY * gridWidth + span.lowerBound).update(repeating: 0, count: span.count)
                }
                if rowsAreContiguous && !inside.isEmpty && !valid.isEmpty {
                    let start = Swift.max(band.lowerBound, inside.lowerBound * gridWidth + valid.lowerBound)
                    let end = Swift.min(band.upperBound, (inside.upperBound - 1) * gridWidth + valid.upperBound)
                    if start < end { (output + start).update(from: input + start, count: end - start) }
                    // Strided stores down one grid column: the wrapped values, and any not copied.
                    func zeroColumn(_ gridX: Int) {
                        for gridY in inside where band.contains(gridY * gridWidth + gridX) { output[gridY * gridWidth + gridX] = 0 }
                    }
                    for gridX in 0..<valid.lowerBound { zeroColumn(gridX) }
                    for gridX in valid.upperBound..<gridWidth { zeroColumn(gridX) }
                    continue
                }
                for gridY in inside {
                    let span = gridColumns(row: gridY, in: band)
                    let outputRow = output + gridY * gridWidth, inputRow = input + gridY * strideY * imageWidth
                    let lower = valid.lowerBound.clamped(to: span), upper = valid.upperBound.clamped(to: span)
                    (outputRow + span.lowerBound).update(repeating: 0, count: lower - span.lowerBound)
                    (outputRow + upper).update(repeating: 0, count: span.upperBound - upper)
                    if strideX == 1 {
                        (outputRow + lower).update(from: inputRow + lower, count: upper - lower)
                    } else {
                        for gridX in lower..<upper { outputRow[gridX] = inputRow[gridX * strideX] }
                    }
                }
            }
        }
    }

    /// col2im: adds the column matrix `columns` of the positions `band` into `image`. Each
    /// image row is owned by one thread and gathers every column element that lands on it.
    /// With `initialize`, each image row first gets its channel's `bias` value (or zero); the
    /// band must then cover every position.
    func scatter(_ columns: UnsafePointer<Float>, leadingDimension: Int, band: Range<Int>,
                 into image: UnsafeMutablePointer<Float>, initialize: Bool, bias: UnsafePointer<Float>?) {
        precondition(!initialize || band == 0..<positions, "col2im initializes only when one band covers the grid")
        let validColumns = validColumns
        // The image rows that the band's grid rows reach (all rows when initializing).
        let firstRow = band.lowerBound / gridWidth, lastRow = (band.upperBound - 1) / gridWidth
        let reached = initialize ? 0..<imageHeight
            : (firstRow * strideY - paddingY)..<(lastRow * strideY + (kernelHeight - 1) * dilationY - paddingY + 1)
        let imageRows = reached.clamped(to: 0..<imageHeight)
        parallelFor(channels * imageRows.count, grain: Swift.max(1, (1 << 13) / Swift.max(imageWidth * kernelHeight * kernelWidth, 1))) { range in
            for index in range {
                let channel = index / imageRows.count, imageY = imageRows.lowerBound + index % imageRows.count
                let pixels = image + (channel * imageHeight + imageY) * imageWidth
                if initialize { pixels.update(repeating: bias?[channel] ?? 0, count: imageWidth) }
                for tapY in 0..<kernelHeight {
                    let shifted = imageY - Self.tapOffset(tapY, padding: paddingY, dilation: dilationY)
                    guard shifted >= 0, shifted % strideY == 0, shifted / strideY < gridHeight else { continue }
                    let gridY = shifted / strideY
                    let span = gridColumns(row: gridY, in: band)
                    guard !span.isEmpty else { continue }
                    for tapX in 0..<kernelWidth {
                        let row = (channel * kernelHeight + tapY) * kernelWidth + tapX
                        let input = columns + row * leadingDimension + gridY * gridWidth - band.lowerBound
                        // output[gridX · strideX] is the pixel of window column gridX.
                        let output = pixels + Self.tapOffset(tapX, padding: paddingX, dilation: dilationX)
                        let lower = validColumns[tapX].lowerBound.clamped(to: span)
                        let upper = validColumns[tapX].upperBound.clamped(to: span)
                        if strideX == 1 {
                            for gridX in lower..<upper { output[gridX] += input[gridX] }
                        } else {
                            for gridX in lower..<upper { output[gridX * strideX] += input[gridX] }
                        }
                    }
                }
            }
        }
    }
}

extension Int {
    /// This value limited to `range.lowerBound...range.upperBound` (a half-open range's ends included).
    @inline(__always)
    func clamped(to range: Range<Int>) -> Int { Swift.min(Swift.max(self, range.lowerBound), range.upperBound) }
}
