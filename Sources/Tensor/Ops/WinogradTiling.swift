import Foundation

/// How F(2×2, 3×3) tiles a stride-1 3×3 convolution, and the moves between images and the
/// transform domain.
///
/// Output tile `(tileY, tileX)` covers output pixels `(2·tileY + 0…1, 2·tileX + 0…1)` and reads
/// the 4×4 input patch at `(2·tileY − paddingY, 2·tileX − paddingX)`; pixels outside the image
/// read as zero and output pixels past an odd edge are cropped. Tiles are numbered across the
/// batch (`item · tilesPerImage + tileY · tilesWide + tileX`) and processed in bands. A band's
/// transform-domain planes are [16, channels, band.count] (planes `planeStride` apart): one
/// [channels, band] matrix per position of the 4×4 transform, the operand of that position's GEMM.
struct WinogradTiling {
    let batch: Int
    let imageHeight: Int, imageWidth: Int
    let paddingY: Int, paddingX: Int
    let gridHeight: Int, gridWidth: Int
    let tilesHigh: Int, tilesWide: Int

    init(batch: Int, image: (Int, Int), padding: (Int, Int), grid: (Int, Int)) {
        self.batch = batch
        (imageHeight, imageWidth) = image
        (paddingY, paddingX) = padding
        (gridHeight, gridWidth) = grid
        (tilesHigh, tilesWide) = ((gridHeight + 1) / 2, (gridWidth + 1) / 2)
    }

    /// Floats from one transform position's plane to the next: a cache line past the plane, so
    /// that the 16 stores of a tile do not all fall in one cache set (plane sizes are often
    /// multiples of 4 KB).
    static func planeStride(channels: Int, band: Range<Int>) -> Int { channels * band.count + 16 }

    var tilesPerImage: Int { tilesHigh * tilesWide }
    var tileCount: Int { batch * tilesPerImage }

    /// Floats of one row buffer: the columns a tile row's patches reach, plus room for a
    /// four-lane load at the last tile.
    private var rowFloats: Int { 2 * tilesWide + 4 }

    /// Runs `body(channel, item, tileY, tileXs, index, rows)` for every channel (split over
    /// threads) and every run of `band`'s tiles within one tile row: `tileXs` are the run's
    /// tiles, `index` the first one's index in the band, and `rows` a per-thread scratch of
    /// four row buffers ([4, rowFloats]).
    @inline(__always)
    private func forEachChannelTileRow(channels: Int, band: Range<Int>,
                                       _ body: (Int, Int, Int, Range<Int>, Int, UnsafeMutablePointer<Float>) -> Void) {
        parallelFor(channels) { channelRange in
            let rows = UnsafeMutablePointer<Float>.allocate(capacity: 4 * rowFloats)
            defer { rows.deallocate() }
            for channel in channelRange {
                var tile = band.lowerBound
                while tile < band.upperBound {
                    let (item, tileY, tileX) = (tile / tilesPerImage, tile % tilesPerImage / tilesWide, tile % tilesWide)
                    let count = Swift.min(tilesWide - tileX, band.upperBound - tile)
                    body(channel, item, tileY, tileX..<(tileX + count), tile - band.lowerBound, rows)
                    tile += count
                }
            }
        }
    }

    /// Copies `count` rows of `plane` [height, width] from row `y` into the row buffers `rows`
    /// [count, rowFloats], buffer column j holding plane column j − `shift`; pixels outside read as zero.
    @inline(__always)
    private func fillRows(_ rows: UnsafeMutablePointer<Float>, count: Int, from plane: UnsafePointer<Float>,
                          height: Int, width: Int, y: Int, shift: Int) {
        let columns = Swift.max(0, shift)..<Swift.min(rowFloats, width + shift)
        for row in 0..<count {
            let buffer = rows + row * rowFloats
            buffer.update(repeating: 0, count: rowFloats)
            guard (0..<height).contains(y + row), !columns.isEmpty else { continue }
            (buffer + columns.lowerBound).update(from: plane + (y + row) * width + columns.lowerBound - shift, count: columns.count)
        }
    }

    /// planes[16, channels, band] = Bᵀ d B for the input patches of `images` [batch, channels,
    /// imageHeight, imageWidth].
    func transformInput(_ images: UnsafePointer<Float>, channels: Int, band: Range<Int>, into planes: UnsafeMutablePointer<Float>) {
        let imageSize = imageHeight * imageWidth, planeStride = Self.planeStride(channels: channels, band: band), rowFloats = rowFloats
        forEachChannelTileRow(channels: channels, band: band) { channel, item, tileY, tileXs, index, rows in
            fillRows(rows, count: 4, from: images + (item * channels + channel) * imageSize, height: imageHeight,
                     width: imageWidth, y: 2 * tileY - paddingY, shift: paddingX)
            let destination = planes + channel * band.count + index - tileXs.lowerBound
            for tileX in tileXs {
                let patch = rows + 2 * tileX
                Self.store(WinogradTransforms.input((Self.row(patch), Self.row(patch + rowFloats), Self.row(patch + 2 * rowFloats),
                                                     Self.row(patch + 3 * rowFloats))),
                           destination + tileX, planeStride: planeStride)
            }
        }
    }

    /// images[batch, channels, imageHeight, imageWidth] += B v Bᵀ for the transform-domain input
    /// gradient `planes` [16, channels, band], patch by patch (patches overlap).
    func addTransposedInput(_ planes: UnsafePointer<Float>, channels: Int, band: Range<Int>, into images: UnsafeMutablePointer<Float>) {
        let imageSize = imageHeight * imageWidth, planeStride = Self.planeStride(channels: channels, band: band), rowFloats = rowFloats
        forEachChannelTileRow(channels: channels, band: band) { channel, item, tileY, tileXs, index, rows in
            rows.update(repeating: 0, count: 4 * rowFloats)
            let source = planes + channel * band.count + index - tileXs.lowerBound
            for tileX in tileXs {
                let patch = WinogradTransforms.inputTransposed(Self.read(source + tileX, planeStride: planeStride))
                let start = rows + 2 * tileX
                Self.addRow(patch.0, to: start); Self.addRow(patch.1, to: start + rowFloats)
                Self.addRow(patch.2, to: start + 2 * rowFloats); Self.addRow(patch.3, to: start + 3 * rowFloats)
            }
            // Buffer column j is image column j − paddingX.
            let plane = images + (item * channels + channel) * imageSize
            let columns = Swift.max(2 * tileXs.lowerBound - paddingX, 0)..<Swift.min(2 * tileXs.upperBound + 2 - paddingX, imageWidth)
            for row in 0..<4 where (0..<imageHeight).contains(2 * tileY - paddingY + row) && !columns.isEmpty {
                let target = plane + (2 * tileY - paddingY + row) * imageWidth, buffer = rows + row * rowFloats + paddingX
                for column in columns { target[column] += buffer[column] }
            }
        }
    }

    /// planes[16, channels, band] = A y Aᵀ for the 2×2 tiles of `outputs` [batch, channels,
    /// gridHeight, gridWidth] (an output gradient; cropped pixels read as zero).
    func transformOutputGradient(_ outputs: UnsafePointer<Float>, channels: Int, band: Range<Int>,
                                 into planes: UnsafeMutablePointer<Float>) {
        let gridSize = gridHeight * gridWidth, planeStride = Self.planeStride(channels: channels, band: band), rowFloats = rowFloats
        forEachChannelTileRow(channels: channels, band: band) { channel, item, tileY, tileXs, index, rows in
            fillRows(rows, count: 2, from: outputs + (item * channels + channel) * gridSize, height: gridHeight,
                     width: gridWidth, y: 2 * tileY, shift: 0)
            let destination = planes + channel * band.count + index - tileXs.lowerBound
            for tileX in tileXs {
                // Lanes 2 and 3 (the next tile's pixels) and rows 2 and 3 are ignored by A y Aᵀ.
                let values = (Self.row(rows + 2 * tileX), Self.row(rows + rowFloats + 2 * tileX), SIMD4<Float>.zero, SIMD4<Float>.zero)
                Self.store(WinogradTransforms.outputTransposed(values), destination + tileX, planeStride: planeStride)
            }
        }
    }

    /// outputs[batch, channels, gridHeight, gridWidth] = Aᵀ m A (+ each channel's bias) for the
    /// transform-domain products `planes` [16, channels, band], cropped at odd edges.
    func transformOutput(_ planes: UnsafePointer<Float>, channels: Int, band: Range<Int>, bias: UnsafePointer<Float>?,
                         into outputs: UnsafeMutablePointer<Float>) {
        let gridSize = gridHeight * gridWidth, planeStride = Self.planeStride(channels: channels, band: band)
        forEachChannelTileRow(channels: channels, band: band) { channel, item, tileY, tileXs, index, _ in
            let source = planes + channel * band.count + index - tileXs.lowerBound
            let offset = SIMD4<Float>(repeating: bias?[channel] ?? 0)
            let plane = outputs + (item * channels + channel) * gridSize
            let rows = Swift.min(2, gridHeight - 2 * tileY)
            for tileX in tileXs {
                let values = WinogradTransforms.output(Self.read(source + tileX, planeStride: planeStride))
                let columns = Swift.min(2, gridWidth - 2 * tileX)
                for row in 0..<rows {
                    let lanes = (row == 0 ? values.0 : values.1) + offset
                    for lane in 0..<columns { plane[(2 * tileY + row) * gridWidth + 2 * tileX + lane] = lanes[lane] }
                }
            }
        }
    }

    /// Four consecutive floats from `pointer`.
    @inline(__always)
    private static func row(_ pointer: UnsafePointer<Float>) -> SIMD4<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Float>.self)
    }

    /// Adds four lanes to four consecutive floats at `pointer`.
    @inline(__always)
    private static func addRow(_ lanes: SIMD4<Float>, to pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: row(pointer) + lanes, as: SIMD4<Float>.self)
    }

    // Moves of one tile between a plane and registers.

    /// Writes element (row, lane) of `tile` to `destination[(4·row + lane) · planeStride]`.
    @inline(__always)
    static func store(_ tile: WinogradTransforms.Tile, _ destination: UnsafeMutablePointer<Float>, planeStride: Int) {
        for lane in 0..<4 {
            destination[lane * planeStride] = tile.0[lane]
            destination[(4 + lane) * planeStride] = tile.1[lane]
            destination[(8 + lane) * planeStride] = tile.2[lane]
            destination[(12 + lane) * planeStride] = tile.3[lane]
        }
    }

    /// The tile whose element (row, lane) is `source[(4·row + lane) · planeStride]`.
    @inline(__always)
    static func read(_ source: UnsafePointer<Float>, planeStride: Int) -> WinogradTransforms.Tile {
        @inline(__always) func row(_ row: Int) -> SIMD4<Float> {
            let start = source + 4 * row * planeStride
            return SIMD4(start[0], start[planeStride], start[2 * planeStride], start[3 * planeStride])
        }
        return (row(0), row(1), row(2), row(3))
    }
}
