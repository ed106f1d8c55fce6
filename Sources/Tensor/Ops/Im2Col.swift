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
        let firstRow = band.lowerBound / gridWidth, lastRow = (band.upperBound - 1) / gridWidth
        parallelFor(rows, grain: Swift.max(1, (1 << 14) / Swift.max(band.count, 1))) { rowRange in
            for row in rowRange {
                let channel = row / (kernelHeight * kernelWidth)
                let tapY = row / kernelWidth % kernelHeight, tapX = row % kernelWidth
                let plane = image + channel * imageSize
                let offsetY = Self.tapOffset(tapY, padding: paddingY, dilation: dilationY)
                let offsetX = Self.tapOffset(tapX, padding: paddingX, dilation: dilationX)
                let valid = validColumns[tapX]
                for gridY in firstRow...lastRow {
                    let span = gridColumns(row: gridY, in: band)
                    let output = columns + row * leadingDimension + gridY * gridWidth - band.lowerBound
                    guard validRows[tapY].contains(gridY) else {
                        (output + span.lowerBound).update(repeating: 0, count: span.count)
                        continue
                    }
                    let lower = valid.lowerBound.clamped(to: span), upper = valid.upperBound.clamped(to: span)
                    (output + span.lowerBound).update(repeating: 0, count: lower - span.lowerBound)
                    (output + upper).update(repeating: 0, count: span.upperBound - upper)
                    // input[gridX] is the pixel of window column gridX.
                    let input = plane + (gridY * strideY + offsetY) * imageWidth + offsetX
                    if strideX == 1 {
                        (output + lower).update(from: input + lower, count: upper - lower)
                    } else {
                        for gridX in lower..<upper { output[gridX] = input[gridX * strideX] }
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
        parallelFor(channels * imageHeight, grain: Swift.max(1, (1 << 13) / Swift.max(imageWidth * kernelHeight * kernelWidth, 1))) { imageRows in
            for imageRow in imageRows {
                let channel = imageRow / imageHeight, imageY = imageRow % imageHeight
                let pixels = image + imageRow * imageWidth
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
