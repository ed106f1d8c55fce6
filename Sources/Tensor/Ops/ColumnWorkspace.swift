import Foundation

/// The column scratch of one convolution pass: window positions split into bands, one
/// reusable buffer for a band's column matrix, and the pointwise shortcut (a 1×1 stride-1
/// kernel reads and writes the image in place, with no im2col or col2im at all).
///
/// GEMMs run in the callers' closures on the calling thread, so OpenBLAS threads them.
struct ColumnWorkspace {
    let geometry: ConvolutionGeometry
    let bands: [Range<Int>]
    private let buffer: Tensor?

    /// About 2 M floats (8 MB) of columns per band: small enough to stay in the last-level
    /// cache between im2col and the GEMM, wide enough for the GEMM to run at full speed.
    static let bandFloats = 1 << 21
    static let minimumBandPositions = 1024

    /// Bands of at most `bandPositions` positions; by default as many as fit `bandFloats`.
    init(_ geometry: ConvolutionGeometry, bandPositions: Int? = nil) {
        self.geometry = geometry
        if geometry.isPointwise {
            bands = [0..<geometry.positions]
            buffer = nil
        } else {
            let defaultPositions = Swift.max(Self.minimumBandPositions, Self.bandFloats / geometry.rows)
            bands = geometry.bands(maximumPositions: bandPositions ?? defaultPositions)
            buffer = Tensor(uninitialized: [geometry.rows * bands.map(\.count).max()!])
        }
    }

    /// Floats per image: [channels, imageHeight, imageWidth].
    var imageFloats: Int { geometry.channels * geometry.imageSize }

    /// Calls `body(item, band, columns, leadingDimension)` with the column matrix
    /// ([rows, band.count]) of every band of every image in `images` ([batch, channels,
    /// imageHeight, imageWidth]). The columns are gathered into the buffer, or are the image
    /// itself for a pointwise kernel; they are valid only during the call.
    func forEachBand(of images: UnsafePointer<Float>, batch: Int,
                     _ body: (_ item: Int, _ band: Range<Int>, UnsafePointer<Float>, _ leadingDimension: Int) -> Void) {
        for item in 0..<batch {
            let image = images + item * imageFloats
            for band in bands {
                guard let buffer else {
                    body(item, band, image + band.lowerBound, geometry.positions)
                    continue
                }
                geometry.gather(image, band: band, into: buffer.pointer, leadingDimension: band.count)
                body(item, band, buffer.pointer, band.count)
            }
        }
    }

    /// Sets every image of `images` ([batch, channels, imageHeight, imageWidth]) to the
    /// col2im of the column matrices that `produce(item, band, pointer, leadingDimension, beta)`
    /// writes as `beta · existing + new` (a GEMM's output), plus each channel's `bias` value
    /// when given. A pointwise kernel's columns are written straight into the image.
    func scatter(into images: UnsafeMutablePointer<Float>, batch: Int, bias: UnsafePointer<Float>?,
                 _ produce: (_ item: Int, _ band: Range<Int>, UnsafeMutablePointer<Float>, _ leadingDimension: Int, _ beta: Float) -> Void) {
        let channels = geometry.channels, size = geometry.imageSize
        for item in 0..<batch {
            let image = images + item * imageFloats
            guard let buffer else {
                if let bias { fillChannels(image, bias: bias, channels: channels, size: size, positions: 0..<size) }
                produce(item, bands[0], image, geometry.positions, bias == nil ? 0 : 1)
                continue
            }
            // One band: col2im sets each image row itself; several: they accumulate.
            let initializeInScatter = bands.count == 1
            if !initializeInScatter { fillChannels(image, bias: bias, channels: channels, size: size, positions: 0..<size) }
            for band in bands {
                produce(item, band, buffer.pointer, band.count, 0)
                geometry.scatter(buffer.pointer, leadingDimension: band.count, band: band, into: image,
                                 initialize: initializeInScatter, bias: bias)
            }
        }
    }
}
