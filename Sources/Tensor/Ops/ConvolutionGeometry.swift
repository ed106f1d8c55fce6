import Foundation

/// How a kernel's windows tile an image, the shared description behind im2col and col2im.
///
/// The image is the side with channels and a spatial extent (a convolution's input, a
/// transposed convolution's output); the grid is the set of window positions (a
/// convolution's output, a transposed convolution's input). Window position `(gridY, gridX)`
/// and kernel tap `(tapY, tapX)` meet image pixel
/// `(gridY·strideY − paddingY + tapY·dilationY, gridX·strideX − paddingX + tapX·dilationX)`.
/// Column matrices have one row per (channel, tapY, tapX) and one column per window position.
struct ConvolutionGeometry {
    let channels: Int
    let imageHeight: Int, imageWidth: Int
    let kernelHeight: Int, kernelWidth: Int
    let strideY: Int, strideX: Int
    let paddingY: Int, paddingX: Int
    let dilationY: Int, dilationX: Int
    let gridHeight: Int, gridWidth: Int

    /// Sizes as (vertical, horizontal) pairs, as the public ops take them.
    init(channels: Int, image: (Int, Int), kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int),
         dilation: (Int, Int), grid: (Int, Int)) {
        self.channels = channels
        (imageHeight, imageWidth) = image
        (kernelHeight, kernelWidth) = kernel
        (strideY, strideX) = stride
        (paddingY, paddingX) = padding
        (dilationY, dilationX) = dilation
        (gridHeight, gridWidth) = grid
        precondition(gridHeight > 0 && gridWidth > 0, "convolution grid \(grid) is empty")
    }

    /// Rows of a column matrix: one per (channel, tapY, tapX).
    var rows: Int { channels * kernelHeight * kernelWidth }
    /// Window positions, the columns of a column matrix.
    var positions: Int { gridHeight * gridWidth }
    var imageSize: Int { imageHeight * imageWidth }

    /// A 1×1 kernel at stride 1 without padding: the image is its own column matrix.
    var isPointwise: Bool {
        kernelHeight == 1 && kernelWidth == 1 && strideY == 1 && strideX == 1 && paddingY == 0 && paddingX == 0
            && gridHeight == imageHeight && gridWidth == imageWidth
    }

    /// The number of window positions along one axis: a convolution's output size.
    static func gridSize(image: Int, kernel: Int, stride: Int, padding: Int, dilation: Int) -> Int {
        precondition(stride > 0 && dilation > 0 && padding >= 0, "convolution stride \(stride), padding \(padding), dilation \(dilation)")
        let span = dilation * (kernel - 1) + 1
        precondition(image + 2 * padding >= span, "kernel span \(span) exceeds padded size \(image + 2 * padding)")
        return (image + 2 * padding - span) / stride + 1
    }

    /// The image offset of kernel tap `tap` along one axis: pixel = position · stride + offset.
    @inline(__always)
    static func tapOffset(_ tap: Int, padding: Int, dilation: Int) -> Int { tap * dilation - padding }

    /// Window positions along one axis whose pixel for tap offset `offset` lies inside the image.
    @inline(__always)
    static func validPositions(offset: Int, stride: Int, image: Int, grid: Int) -> Range<Int> {
        let lower = offset >= 0 ? 0 : (stride - 1 - offset) / stride
        let last = image - 1 - offset
        let upper = last < 0 ? 0 : Swift.min(grid, last / stride + 1)
        return Swift.min(lower, upper)..<upper
    }

    /// `validPositions` for every tap along the vertical axis.
    var validRows: [Range<Int>] {
        (0..<kernelHeight).map { tap in
            Self.validPositions(offset: Self.tapOffset(tap, padding: paddingY, dilation: dilationY),
                                stride: strideY, image: imageHeight, grid: gridHeight)
        }
    }

    /// `validPositions` for every tap along the horizontal axis.
    var validColumns: [Range<Int>] {
        (0..<kernelWidth).map { tap in
            Self.validPositions(offset: Self.tapOffset(tap, padding: paddingX, dilation: dilationX),
                                stride: strideX, image: imageWidth, grid: gridWidth)
        }
    }

    /// The grid columns of grid row `gridY` that fall inside the flat position range `band`.
    @inline(__always)
    func gridColumns(row gridY: Int, in band: Range<Int>) -> Range<Int> {
        let rowStart = gridY * gridWidth
        let lower = Swift.max(band.lowerBound - rowStart, 0), upper = Swift.min(band.upperBound - rowStart, gridWidth)
        return lower < upper ? lower..<upper : 0..<0
    }

    /// Splits the window positions into near-equal bands of at most `maximumPositions`.
    func bands(maximumPositions: Int) -> [Range<Int>] { splitIntoBands(positions, maximum: maximumPositions) }
}

/// Splits `0..<count` into as few near-equal contiguous bands of at most `maximum` items as possible.
func splitIntoBands(_ count: Int, maximum: Int) -> [Range<Int>] {
    let bandCount = Swift.max(1, (count + maximum - 1) / Swift.max(maximum, 1))
    return (0..<bandCount).map { band in (count * band / bandCount)..<(count * (band + 1) / bandCount) }
}
