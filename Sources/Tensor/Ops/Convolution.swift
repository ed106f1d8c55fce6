import Foundation

/// Convolutions (PyTorch's `F.conv2d` / `F.conv1d`, no groups) as im2col + GEMM per band of
/// output positions, or Winograd F(2×2, 3×3) for wide 3×3 stride-1 kernels (WinogradConvolution);
/// the 1-D op is the 2-D one at height 1.

// conv2d — backward: dBias = Σ dY over batch and positions; dWeight = Σ dY · im2col(x)ᵀ;
// dInput = col2im(Wᵀ · dY) (Winograd: the transposed transforms and GEMMs, see WinogradConvolution).
/// 2-D cross-correlation: input [batch, inChannels, height, width], weight [outChannels,
/// inChannels, kernelHeight, kernelWidth], bias [outChannels] → [batch, outChannels, outHeight, outWidth].
public func conv2d(_ input: Tensor, weight: Tensor, bias: Tensor?, stride: (Int, Int) = (1, 1),
                   padding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1)) -> Tensor {
    precondition(input.rank == 4 && weight.rank == 4 && weight.shape[1] == input.shape[1],
                 "conv2d: input \(input.shape) and weight \(weight.shape)")
    let (batch, height, width) = (input.shape[0], input.shape[2], input.shape[3])
    let (outChannels, kernel) = (weight.shape[0], (weight.shape[2], weight.shape[3]))
    precondition(bias == nil || bias!.shape == [outChannels], "conv2d: bias \(bias!.shape) for \(outChannels) channels")
    let grid = (ConvolutionGeometry.gridSize(image: height, kernel: kernel.0, stride: stride.0, padding: padding.0, dilation: dilation.0),
                ConvolutionGeometry.gridSize(image: width, kernel: kernel.1, stride: stride.1, padding: padding.1, dilation: dilation.1))
    let geometry = ConvolutionGeometry(channels: input.shape[1], image: (height, width), kernel: kernel, stride: stride,
                                       padding: padding, dilation: dilation, grid: grid)
    let inputs = [input, weight] + (bias.map { [$0] } ?? [])
    let biasGradient = { (dy: Tensor) in bias.map { [$0.requiresGrad ? channelSums(dy) : nil] } ?? [] }
    if let winograd = WinogradConvolution(input: input.shape, weight: weight.shape, stride: stride, padding: padding,
                                          dilation: dilation, grid: grid) {
        return Tensor.record("conv2d", winograd.forward(input, weight: weight, bias: bias), inputs) { dy in
            let (dInput, dWeight) = winograd.backward(dy, input: input, weight: weight, inputGradient: input.requiresGrad,
                                                      weightGradient: weight.requiresGrad)
            return [dInput, dWeight] + biasGradient(dy)
        }
    }
    let rows = geometry.rows, positions = geometry.positions
    let output = Tensor(uninitialized: [batch, outChannels, grid.0, grid.1])
    let outputFloats = outChannels * positions
    ColumnWorkspace(geometry).forEachBand(of: input.pointer, batch: batch) { item, band, columns, leadingDimension in
        let outputItem = output.pointer + item * outputFloats  // [outChannels, positions]
        if let bias {
            fillChannels(outputItem, bias: bias.pointer, channels: outChannels, size: positions, positions: band)
        }
        // output[outChannels, band] = weight[outChannels, rows] · columns[rows, band] (+ bias)
        BLAS.gemm(m: outChannels, n: band.count, k: rows, a: weight.pointer, lda: rows, b: columns, ldb: leadingDimension,
                  beta: bias == nil ? 0 : 1, c: outputItem + band.lowerBound, ldc: positions)
    }
    return Tensor.record("conv2d", output, inputs) { dy in
        var dWeight: Tensor?
        if weight.requiresGrad {
            let gradient = Tensor(uninitialized: weight.shape)  // [outChannels, rows]
            ColumnWorkspace(geometry).forEachBand(of: input.pointer, batch: batch) { item, band, columns, leadingDimension in
                // dWeight[outChannels, rows] += dY[outChannels, band] · columns[rows, band]ᵀ
                BLAS.gemm(transposeB: true, m: outChannels, n: rows, k: band.count,
                          a: dy.pointer + item * outputFloats + band.lowerBound, lda: positions,
                          b: columns, ldb: leadingDimension,
                          beta: item == 0 && band.lowerBound == 0 ? 0 : 1, c: gradient.pointer, ldc: rows)
            }
            dWeight = gradient
        }
        var dInput: Tensor?
        if input.requiresGrad {
            let gradient = Tensor(uninitialized: input.shape)
            ColumnWorkspace(geometry).scatter(into: gradient.pointer, batch: batch, bias: nil) { item, band, columns, leadingDimension, beta in
                // columns[rows, band] = weight[outChannels, rows]ᵀ · dY[outChannels, band]
                BLAS.gemm(transposeA: true, m: rows, n: band.count, k: outChannels, a: weight.pointer, lda: rows,
                          b: dy.pointer + item * outputFloats + band.lowerBound, ldb: positions,
                          beta: beta, c: columns, ldc: leadingDimension)
            }
            dInput = gradient
        }
        return [dInput, dWeight] + biasGradient(dy)
    }
}

/// 1-D cross-correlation: input [batch, inChannels, length], weight [outChannels, inChannels,
/// kernel], bias [outChannels] → [batch, outChannels, outLength]. Runs `conv2d` at height 1.
public func conv1d(_ input: Tensor, weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0,
                   dilation: Int = 1) -> Tensor {
    precondition(input.rank == 3 && weight.rank == 3, "conv1d: input \(input.shape) and weight \(weight.shape)")
    return conv2d(input.withUnitHeight, weight: weight.withUnitHeight, bias: bias, stride: (1, stride),
                  padding: (0, padding), dilation: (1, dilation)).withoutUnitHeight
}

extension Tensor {
    /// [a, b, length] viewed as [a, b, 1, length]: a 1-D signal as a 2-D image of height 1.
    var withUnitHeight: Tensor { reshaped([shape[0], shape[1], 1, shape[2]]) }

    /// [a, b, 1, length] viewed as [a, b, length].
    var withoutUnitHeight: Tensor { reshaped([shape[0], shape[1], shape[3]]) }
}
