import Foundation

/// How F(2×2, 3×3) tiles a stride-1 3×3 convolution, and the moves between images and the
/// transform domain.
///
/// Output tile `(tileY, tileX)` covers output pixels `(2·tileY + 0…1, 2·tileX + 0…1)` and reads
/// the 4×4 input patch at `(2·tileY − paddingY, 2·tileX − paddingX)`; pixels outside the image
/// read as zero and output pixels past an odd edge are cropped. Tiles are numbered across the
/// batch (`item · tilesPerImage + tileY · tilesWide + tileX`) and processed in bands. A band's
/// transform-domain planes are [16, channels, band.count]: one [channels, band] matrix per
/// position of the 4×4 transform, the operand of that position's GEMM.
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

    var tilesPerImage: Int { tilesHigh * tilesWide }
    var tileCount: Int { batch * tilesPerImage }

    /// Calls `body(indexInBand, item, tileY, tileX)` for every tile of `band`, in order.
    @inline(__always)
    func forEachTile(in band: Range<Int>, _ body: (Int, Int, Int, Int) -> Void) {
        var item = band.lowerBound / tilesPerImage, tileY = band.lowerBound % tilesPerImage / tilesWide
        var tileX = band.lowerBound % tilesWide
        for index in 0..<band.count {
            body(index, item, tileY, tileX)
            tileX += 1
            if tileX == tilesWide { (tileX, tileY) = (0, tileY + 1) }
            if tileY == tilesHigh { (tileY, item) = (0, item + 1) }
        }
    }

    /// Runs `body(channel, tile, item, tileY, tileX)` for every channel (split over threads) and
    /// every tile of `band`, with `tile` the index inside the band.
    @inline(__always)
    private func forEachChannelTile(channels: Int, band: Range<Int>, _ body: (Int, Int, Int, Int, Int) -> Void) {
        parallelFor(channels) { channelRange in
            for channel in channelRange {
                forEachTile(in: band) { tile, item, tileY, tileX in body(channel, tile, item, tileY, tileX) }
            }
        }
    }

    /// planes[16, channels, band] = Bᵀ d B for the input patches of `images` [batch, channels,
    /// imageHeight, imageWidth].
    func transformInput(_ images: UnsafePointer<Float>, channels: Int, band: Range<Int>, into planes: UnsafeMutablePointer<Float>) {
        let imageSize = imageHeight * imageWidth
        forEachChannelTile(channels: channels, band: band) { channel, tile, item, tileY, tileX in
            let plane = images + (item * channels + channel) * imageSize
            let patch = Self.load(plane, height: imageHeight, width: imageWidth,
                                  y: 2 * tileY - paddingY, x: 2 * tileX - paddingX, size: 4)
            Self.store(WinogradTransforms.input(patch), planes + channel * band.count + tile, planeStride: channels * band.count)
        }
    }

    /// images[batch, channels, imageHeight, imageWidth] += B v Bᵀ for the transform-domain input
    /// gradient `planes` [16, channels, band], patch by patch (patches overlap).
    func addTransposedInput(_ planes: UnsafePointer<Float>, channels: Int, band: Range<Int>, into images: UnsafeMutablePointer<Float>) {
        let imageSize = imageHeight * imageWidth
        forEachChannelTile(channels: channels, band: band) { channel, tile, item, tileY, tileX in
            let patch = WinogradTransforms.inputTransposed(Self.read(planes + channel * band.count + tile,
                                                                     planeStride: channels * band.count))
            Self.add(patch, to: images + (item * channels + channel) * imageSize, height: imageHeight, width: imageWidth,
                     y: 2 * tileY - paddingY, x: 2 * tileX - paddingX, size: 4)
        }
    }

    /// planes[16, channels, band] = A y Aᵀ for the 2×2 tiles of `outputs` [batch, channels,
    /// gridHeight, gridWidth] (an output gradient; cropped pixels read as zero).
    func transformOutputGradient(_ outputs: UnsafePointer<Float>, channels: Int, band: Range<Int>,
                                 into planes: UnsafeMutablePointer<Float>) {
        let gridSize = gridHeight * gridWidth
        forEachChannelTile(channels: channels, band: band) { channel, tile, item, tileY, tileX in
            let values = Self.load(outputs + (item * channels + channel) * gridSize, height: gridHeight, width: gridWidth,
                                   y: 2 * tileY, x: 2 * tileX, size: 2)
            Self.store(WinogradTransforms.outputTransposed(values), planes + channel * band.count + tile,
                       planeStride: channels * band.count)
        }
    }

    /// outputs[batch, channels, gridHeight, gridWidth] = Aᵀ m A (+ each channel's bias) for the
    /// transform-domain products `planes` [16, channels, band], cropped at odd edges.
    func transformOutput(_ planes: UnsafePointer<Float>, channels: Int, band: Range<Int>, bias: UnsafePointer<Float>?,
                         into outputs: UnsafeMutablePointer<Float>) {
        let gridSize = gridHeight * gridWidth
        forEachChannelTile(channels: channels, band: band) { channel, tile, item, tileY, tileX in
            var values = WinogradTransforms.output(Self.read(planes + channel * band.count + tile, planeStride: channels * band.count))
            if let bias {
                let offset = SIMD4<Float>(repeating: bias[channel])
                (values.0, values.1) = (values.0 + offset, values.1 + offset)
            }
            let plane = outputs + (item * channels + channel) * gridSize
            for row in 0..<Swift.min(2, gridHeight - 2 * tileY) {
                let lanes = row == 0 ? values.0 : values.1
                for lane in 0..<Swift.min(2, gridWidth - 2 * tileX) { plane[(2 * tileY + row) * gridWidth + 2 * tileX + lane] = lanes[lane] }
            }
        }
    }

    // Moves of one tile between a plane and registers.

    /// The `size`×`size` patch of `plane` [height, width] at (y, x); pixels outside read as zero.
    @inline(__always)
    static func load(_ plane: UnsafePointer<Float>, height: Int, width: Int, y: Int, x: Int, size: Int) -> WinogradTransforms.Tile {
        func row(_ offset: Int) -> SIMD4<Float> {
            guard offset < size, y + offset >= 0, y + offset < height else { return .zero }
            let start = plane + (y + offset) * width
            if size == 4 && x >= 0 && x + 4 <= width { return UnsafeRawPointer(start + x).loadUnaligned(as: SIMD4<Float>.self) }
            var lanes = SIMD4<Float>.zero
            for lane in Swift.max(0, -x)..<Swift.max(0, Swift.min(size, width - x)) { lanes[lane] = start[x + lane] }
            return lanes
        }
        return (row(0), row(1), row(2), row(3))
    }

    /// Adds the `size`×`size` patch `tile` to `plane` [height, width] at (y, x), dropping pixels outside.
    @inline(__always)
    static func add(_ tile: WinogradTransforms.Tile, to plane: UnsafeMutablePointer<Float>, height: Int, width: Int,
                    y: Int, x: Int, size: Int) {
        func row(_ offset: Int, _ lanes: SIMD4<Float>) {
            guard offset < size, y + offset >= 0, y + offset < height else { return }
            let start = plane + (y + offset) * width
            if size == 4 && x >= 0 && x + 4 <= width {
                let raw = UnsafeMutableRawPointer(start + x)
                raw.storeBytes(of: raw.loadUnaligned(as: SIMD4<Float>.self) + lanes, as: SIMD4<Float>.self)
                return
            }
            for lane in Swift.max(0, -x)..<Swift.max(0, Swift.min(size, width - x)) { start[x + lane] += lanes[lane] }
        }
        row(0, tile.0); row(1, tile.1); row(2, tile.2); row(3, tile.3)
    }

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
        var tile = WinogradTransforms.zeroTile
        for lane in 0..<4 {
            tile.0[lane] = source[lane * planeStride]
            tile.1[lane] = source[(4 + lane) * planeStride]
            tile.2[lane] = source[(8 + lane) * planeStride]
            tile.3[lane] = source[(12 + lane) * planeStride]
        }
        return tile
    }
}
