@testable import Tensor
import XCTest

/// Convolutions, transposed convolutions and nearest upsampling: gradient checks, the banded
/// im2col/col2im paths, and PyTorch parity.
final class ConvolutionOpTests: XCTestCase {
    private let random = GradientCheck.random

    func testConv2dGradients() {
        GradientCheck.assertGradients(of: "conv2d padded",
                                      inputs: [random([2, 2, 4, 5], 1, 1), random([3, 2, 3, 3], 2, 0.5), random([3], 3, 1)]) {
            conv2d($0[0], weight: $0[1], bias: $0[2], padding: (1, 1))
        }
        GradientCheck.assertGradients(of: "conv2d strided dilated",
                                      inputs: [random([1, 2, 6, 7], 4, 1), random([2, 2, 2, 3], 5, 0.5)]) {
            conv2d($0[0], weight: $0[1], bias: nil, stride: (2, 3), padding: (1, 2), dilation: (2, 1))
        }
        GradientCheck.assertGradients(of: "conv2d pointwise",
                                      inputs: [random([2, 3, 2, 3], 6, 1), random([2, 3, 1, 1], 7, 0.5), random([2], 8, 1)]) {
            conv2d($0[0], weight: $0[1], bias: $0[2])
        }
    }

    func testConv1dGradients() {
        GradientCheck.assertGradients(of: "conv1d stride 4 kernel 8",
                                      inputs: [random([1, 2, 19], 9, 1), random([3, 2, 8], 10, 0.5), random([3], 11, 1)]) {
            conv1d($0[0], weight: $0[1], bias: $0[2], stride: 4, padding: 2)
        }
        GradientCheck.assertGradients(of: "conv1d dilated",
                                      inputs: [random([2, 2, 9], 12, 1), random([2, 2, 3], 13, 0.5)]) {
            conv1d($0[0], weight: $0[1], bias: nil, padding: 1, dilation: 3)
        }
    }

    func testTransposedConvolutionGradients() {
        GradientCheck.assertGradients(of: "convTranspose2d",
                                      inputs: [random([2, 2, 3, 2], 14, 1), random([2, 3, 3, 3], 15, 0.5), random([3], 16, 1)]) {
            convTranspose2d($0[0], weight: $0[1], bias: $0[2], stride: (2, 2), padding: (1, 0), outputPadding: (1, 1))
        }
        GradientCheck.assertGradients(of: "convTranspose2d pointwise",
                                      inputs: [random([1, 3, 2, 2], 17, 1), random([3, 2, 1, 1], 18, 0.5), random([2], 19, 1)]) {
            convTranspose2d($0[0], weight: $0[1], bias: $0[2])
        }
        GradientCheck.assertGradients(of: "convTranspose1d",
                                      inputs: [random([2, 3, 5], 20, 1), random([3, 2, 8], 21, 0.5), random([2], 22, 1)]) {
            convTranspose1d($0[0], weight: $0[1], bias: $0[2], stride: 4, padding: 2, outputPadding: 1)
        }
        GradientCheck.assertGradients(of: "convTranspose1d dilated",
                                      inputs: [random([1, 2, 4], 23, 1), random([2, 2, 3], 24, 0.5)]) {
            convTranspose1d($0[0], weight: $0[1], bias: nil, dilation: 2)
        }
    }

    func testUpsampleGradients() {
        GradientCheck.assertGradients(of: "upsampleNearest 1-D", inputs: [random([2, 2, 3], 25, 1)]) {
            upsampleNearest($0[0], scale: 3)
        }
        GradientCheck.assertGradients(of: "upsampleNearest 2-D", inputs: [random([1, 2, 2, 3], 26, 1)]) {
            upsampleNearest($0[0], scale: 2)
        }
    }

    /// Bands that split grid rows give the same columns and col2im as one band over the grid,
    /// for strided windows and for stride-1 "same" windows (whose rows im2col copies as runs).
    func testBandedColumnsMatchOneBand() {
        let strided = ConvolutionGeometry(channels: 2, image: (7, 6), kernel: (3, 2), stride: (2, 1), padding: (1, 1),
                                          dilation: (1, 2), grid: (4, 6))
        let same = ConvolutionGeometry(channels: 2, image: (5, 6), kernel: (3, 3), stride: (1, 1), padding: (1, 1),
                                       dilation: (1, 1), grid: (5, 6))
        for (geometry, bandPositions) in [(strided, 9), (same, 7)] {
            assertBandsMatchOneBand(geometry, bandPositions: bandPositions)
        }
    }

    private func assertBandsMatchOneBand(_ geometry: ConvolutionGeometry, bandPositions: Int,
                                         file: StaticString = #filePath, line: UInt = #line) {
        let batch = 2
        let images = random([batch, geometry.channels, geometry.imageHeight, geometry.imageWidth], 27, 1)
        let banded = ColumnWorkspace(geometry, bandPositions: bandPositions), whole = ColumnWorkspace(geometry)
        XCTAssertGreaterThan(banded.bands.count, 2, file: file, line: line)
        XCTAssertEqual(whole.bands.count, 1, file: file, line: line)

        // Columns of every image, [batch, rows, positions], assembled band by band.
        func allColumns(_ workspace: ColumnWorkspace) -> Tensor {
            let result = Tensor(zeros: [batch, geometry.rows, geometry.positions])
            workspace.forEachBand(of: images.pointer, batch: batch) { item, band, columns, leadingDimension in
                for row in 0..<geometry.rows {
                    (result.pointer + (item * geometry.rows + row) * geometry.positions + band.lowerBound)
                        .update(from: columns + row * leadingDimension, count: band.count)
                }
            }
            return result
        }
        let columns = allColumns(whole)
        XCTAssertEqual(allColumns(banded).toArray(), columns.toArray(), file: file, line: line)

        // col2im of those columns, with a bias, from band-sized pieces.
        let bias = random([geometry.channels], 28, 1)
        func image(_ workspace: ColumnWorkspace) -> Tensor {
            let result = Tensor(uninitialized: images.shape)
            workspace.scatter(into: result.pointer, batch: batch, bias: bias.pointer) { item, band, pointer, leadingDimension, _ in
                for row in 0..<geometry.rows {
                    (pointer + row * leadingDimension)
                        .update(from: columns.pointer + (item * geometry.rows + row) * geometry.positions + band.lowerBound,
                                count: band.count)
                }
            }
            return result
        }
        let difference = zip(image(banded).toArray(), image(whole).toArray()).map { Swift.abs($0 - $1) }.max()!
        XCTAssertLessThan(difference, 1e-5, file: file, line: line)
    }

    /// Convolutions whose windows span several bands (and batch items) match the sum over kernel
    /// taps of pointwise convolutions on shifted inputs, forward and backward.
    func testBandedConvolutionsMatchTapSums() {
        let (kernel, padding, height, width) = (3, 1, 40, 48)
        func tap(_ weight: Tensor, _ tapY: Int, _ tapX: Int) -> Tensor {
            weight.slice(axis: 2, tapY..<(tapY + 1)).slice(axis: 3, tapX..<(tapX + 1))  // [out, in, 1, 1] or [in, out, 1, 1]
        }
        // 128 channels · 3 · 3 = 1152 column rows, so 40 · 48 = 1920 positions take two bands.
        assertSameResults(inputs: [random([2, 128, height, width], 29, 1), random([8, 128, kernel, kernel], 30, 0.05),
                                   random([8], 31, 1)],
                          { conv2d($0[0], weight: $0[1], bias: $0[2], padding: (padding, padding)) }) { x in
            let padded = x[0].padded([(padding, padding), (padding, padding)])
            var sum = x[2].reshaped([1, 8, 1, 1])
            for tapY in 0..<kernel {
                for tapX in 0..<kernel {
                    let shifted = padded.slice(axis: 2, tapY..<(tapY + height)).slice(axis: 3, tapX..<(tapX + width))
                    sum = sum + conv2d(shifted, weight: tap(x[1], tapY, tapX), bias: nil)
                }
            }
            return sum
        }
        // The adjoint: 128 output channels · 3 · 3 column rows over the 1920 input positions.
        assertSameResults(inputs: [random([1, 16, height, width], 32, 1), random([16, 128, kernel, kernel], 33, 0.1),
                                   random([128], 34, 1)],
                          { convTranspose2d($0[0], weight: $0[1], bias: $0[2], padding: (padding, padding)) }) { x in
            var sum = x[2].reshaped([1, 128, 1, 1])
            for tapY in 0..<kernel {
                for tapX in 0..<kernel {
                    // Input pixel (y, x) lands on output pixel (y + tapY − padding, x + tapX − padding).
                    let placed = convTranspose2d(x[0], weight: tap(x[1], tapY, tapX), bias: nil)
                        .padded([(tapY, kernel - 1 - tapY), (tapX, kernel - 1 - tapX)])
                    sum = sum + placed.slice(axis: 2, padding..<(padding + height)).slice(axis: 3, padding..<(padding + width))
                }
            }
            return sum
        }
    }

    /// Winograd F(2×2, 3×3) matches im2col, forward and all gradients: odd sizes (cropped tiles),
    /// batch 2, paddings 0–2, with and without bias, in one band and in bands that split tile rows.
    func testWinogradMatchesIm2col() {
        let cases: [(input: [Int], outChannels: Int, padding: (Int, Int), bias: Bool)] = [
            ([2, 32, 9, 7], 40, (1, 1), true),
            ([1, 48, 6, 11], 32, (0, 2), false),
            ([2, 32, 5, 5], 32, (2, 0), true),
            ([2, 64, 19, 13], 64, (1, 1), true),  // default thresholds: 2 · 10 · 7 = 140 tiles
        ]
        for (index, testCase) in cases.enumerated() {
            let weightShape = [testCase.outChannels, testCase.input[1], 3, 3]
            let grid = (testCase.input[2] + 2 * testCase.padding.0 - 2, testCase.input[3] + 2 * testCase.padding.1 - 2)
            let seed = UInt64(40 + 3 * index)
            let inputs = [random(testCase.input, seed, 1), random(weightShape, seed + 1, 0.1)]
                + (testCase.bias ? [random([testCase.outChannels], seed + 2, 1)] : [])
            func convolution(_ x: [Tensor]) -> Tensor {
                conv2d(x[0], weight: x[1], bias: x.count > 2 ? x[2] : nil, padding: testCase.padding)
            }
            // 16 · (in + out) · 5 floats: bands of 5 tiles, which split tile rows and batch items.
            for bandFloats in [WinogradConvolution.bandFloats, 16 * (testCase.input[1] + testCase.outChannels) * 5] {
                let thresholds = index == 3 ? nil : (channels: 1, tiles: 1)
                withWinograd(thresholds: thresholds, bandFloats: bandFloats) {
                    XCTAssertNotNil(WinogradConvolution(input: testCase.input, weight: weightShape, stride: (1, 1),
                                                        padding: testCase.padding, dilation: (1, 1), grid: grid))
                    assertSameResults(inputs: inputs, convolution) { x in
                        withWinograd(thresholds: (channels: .max, tiles: .max)) { convolution(x) }
                    }
                }
            }
        }
    }

    func testWinogradGradients() {
        withWinograd(thresholds: (channels: 1, tiles: 1)) {
            GradientCheck.assertGradients(of: "conv2d Winograd",
                                          inputs: [random([2, 2, 5, 4], 50, 1), random([3, 2, 3, 3], 51, 0.5), random([3], 52, 1)]) {
                conv2d($0[0], weight: $0[1], bias: $0[2], padding: (1, 0))
            }
        }
    }

    /// Runs `body` with Winograd's channel and tile thresholds (when given) and band size changed.
    private func withWinograd<Result>(thresholds: (channels: Int, tiles: Int)?, bandFloats: Int = WinogradConvolution.bandFloats,
                                      _ body: () throws -> Result) rethrows -> Result {
        let saved = (WinogradConvolution.minimumChannels, WinogradConvolution.minimumTiles, WinogradConvolution.bandFloats)
        if let thresholds { (WinogradConvolution.minimumChannels, WinogradConvolution.minimumTiles) = thresholds }
        WinogradConvolution.bandFloats = bandFloats
        defer { (WinogradConvolution.minimumChannels, WinogradConvolution.minimumTiles, WinogradConvolution.bandFloats) = saved }
        return try body()
    }

    /// Asserts that `operation` and `reference` agree on fresh copies of `inputs`, forward and
    /// in the gradients of every input under one random cotangent.
    private func assertSameResults(inputs: [Tensor], _ operation: ([Tensor]) -> Tensor, reference: ([Tensor]) -> Tensor,
                                   file: StaticString = #filePath, line: UInt = #line) {
        let leaves = inputs.map { input in Tensor(shape: input.shape, values: input.toArray(), requiresGrad: true) }
        let referenceLeaves = inputs.map { input in Tensor(shape: input.shape, values: input.toArray(), requiresGrad: true) }
        let output = operation(leaves), expected = reference(referenceLeaves)
        XCTAssertEqual(output.shape, expected.shape, file: file, line: line)
        assertClose(output, expected, "forward", file: file, line: line)
        let cotangent = random(output.shape, 35, 1)
        output.backward(cotangent)
        expected.backward(cotangent)
        for (index, (leaf, referenceLeaf)) in zip(leaves, referenceLeaves).enumerated() {
            assertClose(leaf.grad!, referenceLeaf.grad!, "gradient \(index)", file: file, line: line)
        }
    }

    /// Asserts |actual − expected| ≤ 1e-4 · max(1, max |expected|) elementwise.
    private func assertClose(_ actual: Tensor, _ expected: Tensor, _ what: String, file: StaticString, line: UInt) {
        let scale = Swift.max(1, expected.toArray().map(Swift.abs).max() ?? 0)
        let worst = zip(actual.toArray(), expected.toArray()).map { Swift.abs($0 - $1) }.max() ?? 0
        XCTAssertLessThanOrEqual(worst, 1e-4 * scale, what, file: file, line: line)
    }

    func testPyTorchParity() throws {
        try checkParity()
    }

    /// PyTorch parity with every 3×3 stride-1 conv2d case on the Winograd path.
    func testPyTorchParityWinograd() throws {
        try withWinograd(thresholds: (channels: 1, tiles: 1)) { try checkParity() }
    }

    private func checkParity() throws {
        func pair(_ values: [Int]) -> (Int, Int) { (values[0], values[1]) }
        try Parity.check(group: "convolution", operations: [
            "conv2d": { c, x in
                conv2d(x[0], weight: x[1], bias: x.count > 2 ? x[2] : nil, stride: pair(c.ints("stride")),
                       padding: pair(c.ints("padding")), dilation: pair(c.ints("dilation")))
            },
            "conv1d": { c, x in
                conv1d(x[0], weight: x[1], bias: x.count > 2 ? x[2] : nil, stride: c.int("stride"),
                       padding: c.int("padding"), dilation: c.int("dilation"))
            },
            "conv_transpose2d": { c, x in
                convTranspose2d(x[0], weight: x[1], bias: x.count > 2 ? x[2] : nil, stride: pair(c.ints("stride")),
                                padding: pair(c.ints("padding")), outputPadding: pair(c.ints("output_padding")),
                                dilation: pair(c.ints("dilation")))
            },
            "conv_transpose1d": { c, x in
                convTranspose1d(x[0], weight: x[1], bias: x.count > 2 ? x[2] : nil, stride: c.int("stride"),
                                padding: c.int("padding"), outputPadding: c.int("output_padding"),
                                dilation: c.int("dilation"))
            },
            "upsample_nearest": { c, x in upsampleNearest(x[0], scale: c.int("scale")) },
        ])
    }
}
