import Foundation

/// conv2d for 3×3 stride-1 undilated kernels through Winograd's F(2×2, 3×3): 16 GEMMs on
/// transformed tiles do the work of the 36 multiplies per 2×2 output tile in 16 (2.25× fewer).
///
/// Forward, per band of tiles: V = Bᵀ d B ([16, inChannels, tiles]); M[ξ] = U[ξ] · V[ξ] with the
/// transformed kernel U = G g Gᵀ ([16, outChannels, inChannels]); output = Aᵀ M A.
/// Backward is the exact transpose of that algorithm: dM = A dY Aᵀ; dU[ξ] = Σ dM[ξ] · V[ξ]ᵀ and
/// dWeight = Gᵀ dU G; dV[ξ] = U[ξ]ᵀ · dM[ξ] and dInput = Σ B dV Bᵀ over overlapping patches.
/// The 16 GEMMs of a band are independent: our threads split them, each GEMM on one OpenBLAS
/// thread (no synchronization inside a GEMM); the transforms split channels over the threads.
struct WinogradConvolution {
    /// The smallest input and output channel count that takes this path. Measured (forward +
    /// backward, 2 threads): 32 channels run 0.8× im2col's speed, 64 channels 1.15×, 128 about 2×.
    /// Tests change the thresholds to cover small shapes.
    static var minimumChannels = 64
    /// The fewest tiles (over the batch) that take this path: with few tiles the weight
    /// transforms and the narrow GEMMs cost more than they save (512 channels at 16×16, 64
    /// tiles, run 0.9× im2col's speed).
    static var minimumTiles = 128

    /// About 2 M floats (8 MB) of transform-domain planes per band (measured: 1–2 M run 5–10%
    /// faster than 4–8 M at 128 channels, 128×128).
    static var bandFloats = 1 << 21

    let tiling: WinogradTiling
    let inChannels: Int, outChannels: Int

    /// The Winograd plan for this convolution, or nil when it is not a 3×3 stride-1 undilated one
    /// with at least `minimumChannels` input and output channels and `minimumTiles` tiles.
    init?(input: [Int], weight: [Int], stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int), grid: (Int, Int)) {
        guard weight[2] == 3, weight[3] == 3, stride == (1, 1), dilation == (1, 1),
              Swift.min(input[1], weight[0]) >= Self.minimumChannels else { return nil }
        tiling = WinogradTiling(batch: input[0], image: (input[2], input[3]), padding: padding, grid: grid)
        guard tiling.tileCount >= Self.minimumTiles else { return nil }
        (inChannels, outChannels) = (input[1], weight[0])
    }

    /// Bands of tiles whose input and output planes fit `bandFloats`.
    private var bands: [Range<Int>] {
        let tiles = Swift.max(1, Self.bandFloats / (16 * (inChannels + outChannels)))
        return splitIntoBands(tiling.tileCount, maximum: tiles)
    }

    /// Floats of one band's [16, channels, band] planes for the widest band.
    private func planeFloats(channels: Int) -> Int {
        16 * WinogradTiling.planeStride(channels: channels, band: bands.max { $0.count < $1.count }!)
    }

    /// Floats between consecutive planes of a band's input-side and output-side transforms.
    private func planeStrides(_ band: Range<Int>) -> (Int, Int) {
        (WinogradTiling.planeStride(channels: inChannels, band: band), WinogradTiling.planeStride(channels: outChannels, band: band))
    }

    /// Floats from one transform position's [outChannels, inChannels] kernel matrix to the next
    /// (padded by a cache line, as `WinogradTiling.planeStride`).
    private var kernelStride: Int { outChannels * inChannels + 16 }

    /// input [batch, inChannels, height, width], weight [outChannels, inChannels, 3, 3],
    /// bias [outChannels] → [batch, outChannels, gridHeight, gridWidth].
    func forward(_ input: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
        let output = Tensor(uninitialized: [tiling.batch, outChannels, tiling.gridHeight, tiling.gridWidth])
        let kernel = transformedWeight(weight)                               // [16, outChannels, inChannels]
        let inputPlanes = Tensor(uninitialized: [planeFloats(channels: inChannels)])   // [16, inChannels, band]
        let products = Tensor(uninitialized: [planeFloats(channels: outChannels)])     // [16, outChannels, band]
        for band in bands {
            let (inputStride, outputStride) = planeStrides(band)
            tiling.transformInput(input.pointer, channels: inChannels, band: band, into: inputPlanes.pointer)
            forEachPosition { position in
                // M[ξ][outChannels, band] = U[ξ][outChannels, inChannels] · V[ξ][inChannels, band]
                BLAS.gemm(m: outChannels, n: band.count, k: inChannels,
                          a: kernel.pointer + position * kernelStride, lda: inChannels,
                          b: inputPlanes.pointer + position * inputStride, ldb: band.count,
                          c: products.pointer + position * outputStride, ldc: band.count)
            }
            tiling.transformOutput(products.pointer, channels: outChannels, band: band, bias: bias?.pointer, into: output.pointer)
        }
        return output
    }

    /// The gradients of input and weight (each only when asked for) from the output gradient
    /// `dy` [batch, outChannels, gridHeight, gridWidth].
    func backward(_ dy: Tensor, input: Tensor, weight: Tensor, inputGradient: Bool, weightGradient: Bool) -> (Tensor?, Tensor?) {
        let kernel = inputGradient ? transformedWeight(weight) : nil         // [16, outChannels, inChannels]
        let kernelGradient = weightGradient ? Tensor(zeros: [16 * kernelStride]) : nil
        let dInput = inputGradient ? Tensor(zeros: input.shape) : nil
        let outputPlanes = Tensor(uninitialized: [planeFloats(channels: outChannels)])  // dM [16, outChannels, band]
        let inputPlanes = Tensor(uninitialized: [planeFloats(channels: inChannels)])    // V, then dV [16, inChannels, band]
        for band in bands {
            let (inputStride, outputStride) = planeStrides(band)
            tiling.transformOutputGradient(dy.pointer, channels: outChannels, band: band, into: outputPlanes.pointer)
            if kernelGradient != nil {
                tiling.transformInput(input.pointer, channels: inChannels, band: band, into: inputPlanes.pointer)
            }
            forEachPosition { position in
                let productGradient = outputPlanes.pointer + position * outputStride   // dM[ξ]
                let inputPlane = inputPlanes.pointer + position * inputStride          // V[ξ], then dV[ξ]
                if let kernelGradient {
                    // dU[ξ][outChannels, inChannels] += dM[ξ][outChannels, band] · V[ξ][inChannels, band]ᵀ
                    BLAS.gemm(transposeB: true, m: outChannels, n: inChannels, k: band.count, a: productGradient, lda: band.count,
                              b: inputPlane, ldb: band.count, beta: 1, c: kernelGradient.pointer + position * kernelStride, ldc: inChannels)
                }
                if let kernel {
                    // dV[ξ][inChannels, band] = U[ξ][outChannels, inChannels]ᵀ · dM[ξ][outChannels, band] (over V[ξ], now used)
                    BLAS.gemm(transposeA: true, m: inChannels, n: band.count, k: outChannels,
                              a: kernel.pointer + position * kernelStride, lda: inChannels, b: productGradient, ldb: band.count,
                              c: inputPlane, ldc: band.count)
                }
            }
            if let dInput {
                tiling.addTransposedInput(inputPlanes.pointer, channels: inChannels, band: band, into: dInput.pointer)
            }
        }
        return (dInput, kernelGradient.map(weightGradientFromTransformed))
    }

    /// Runs `product(position)` for the 16 transform positions, spread over our threads with
    /// OpenBLAS held to one thread.
    private func forEachPosition(_ product: (Int) -> Void) {
        BLAS.singleThreaded { parallelFor(16) { positions in positions.forEach(product) } }
    }

    /// U = G g Gᵀ for every (outChannel, inChannel) kernel of `weight` [outChannels, inChannels, 3, 3]
    /// → [16, outChannels, inChannels].
    private func transformedWeight(_ weight: Tensor) -> Tensor {
        let pairs = outChannels * inChannels
        let transformed = Tensor(uninitialized: [16 * kernelStride])
        parallelFor(pairs, grain: 256) { range in
            for pair in range {
                let kernel = Self.loadKernel(weight.pointer + pair * 9)
                WinogradTiling.store(WinogradTransforms.weight(kernel), transformed.pointer + pair, planeStride: kernelStride)
            }
        }
        return transformed
    }

    /// dWeight = Gᵀ dU G for every kernel: [16, outChannels, inChannels] → [outChannels, inChannels, 3, 3].
    private func weightGradientFromTransformed(_ transformed: Tensor) -> Tensor {
        let pairs = outChannels * inChannels
        let gradient = Tensor(uninitialized: [outChannels, inChannels, 3, 3])
        parallelFor(pairs, grain: 256) { range in
            for pair in range {
                let kernel = WinogradTransforms.weightTransposed(WinogradTiling.read(transformed.pointer + pair, planeStride: kernelStride))
                Self.storeKernel(kernel, gradient.pointer + pair * 9)
            }
        }
        return gradient
    }

    /// The row-major 3×3 kernel at `kernel` as a tile (row 3 and lane 3 zero).
    @inline(__always)
    private static func loadKernel(_ kernel: UnsafePointer<Float>) -> WinogradTransforms.Tile {
        @inline(__always) func row(_ row: Int) -> SIMD4<Float> { SIMD4(kernel[3 * row], kernel[3 * row + 1], kernel[3 * row + 2], 0) }
        return (row(0), row(1), row(2), .zero)
    }

    /// Writes rows 0–2, lanes 0–2 of `tile` to the row-major 3×3 kernel at `kernel`.
    @inline(__always)
    private static func storeKernel(_ tile: WinogradTransforms.Tile, _ kernel: UnsafeMutablePointer<Float>) {
        for lane in 0..<3 { (kernel[lane], kernel[3 + lane], kernel[6 + lane]) = (tile.0[lane], tile.1[lane], tile.2[lane]) }
    }
}
