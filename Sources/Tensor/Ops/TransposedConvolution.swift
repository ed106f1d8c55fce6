import Foundation

/// Transposed convolutions (PyTorch's `F.conv_transpose2d` / `F.conv_transpose1d`, no groups):
/// the adjoint of `conv2d`, so im2col and col2im swap places. The 1-D op is the 2-D one at height 1.

// conv_transpose2d — backward: dBias = Σ dY over batch and positions; with cols = im2col(dY),
// dInput = W · cols and dWeight = Σ x · colsᵀ.
/// 2-D transposed convolution: input [batch, inChannels, height, width], weight [inChannels,
/// outChannels, kernelHeight, kernelWidth], bias [outChannels] → [batch, outChannels, outHeight,
/// outWidth] with outHeight = (height − 1)·stride − 2·padding + dilation·(kernelHeight − 1) + outputPadding + 1.
public func convTranspose2d(_ input: Tensor, weight: Tensor, bias: Tensor?, stride: (Int, Int) = (1, 1),
                            padding: (Int, Int) = (0, 0), outputPadding: (Int, Int) = (0, 0),
                            dilation: (Int, Int) = (1, 1)) -> Tensor {
    precondition(input.rank == 4 && weight.rank == 4 && weight.shape[0] == input.shape[1],
                 "convTranspose2d: input \(input.shape) and weight \(weight.shape)")
    let (batch, inChannels, height, width) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
    let (outChannels, kernel) = (weight.shape[1], (weight.shape[2], weight.shape[3]))
    precondition(bias == nil || bias!.shape == [outChannels], "convTranspose2d: bias \(bias!.shape) for \(outChannels) channels")
    precondition(outputPadding.0 >= 0 && outputPadding.1 >= 0
                 && outputPadding.0 < Swift.max(stride.0, dilation.0) && outputPadding.1 < Swift.max(stride.1, dilation.1),
                 "convTranspose2d: output padding \(outputPadding) must be below stride or dilation")
    func outputSize(_ size: Int, _ kernel: Int, _ stride: Int, _ padding: Int, _ dilation: Int, _ extra: Int) -> Int {
        (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + extra + 1
    }
    let image = (outputSize(height, kernel.0, stride.0, padding.0, dilation.0, outputPadding.0),
                 outputSize(width, kernel.1, stride.1, padding.1, dilation.1, outputPadding.1))
    precondition(image.0 > 0 && image.1 > 0, "convTranspose2d: empty output \(image)")
    // The convolution this op is the adjoint of: its image is our output, its grid our input.
    let geometry = ConvolutionGeometry(channels: outChannels, image: image, kernel: kernel, stride: stride,
                                       padding: padding, dilation: dilation, grid: (height, width))
    let rows = geometry.rows, positions = geometry.positions
    let output = Tensor(uninitialized: [batch, outChannels, image.0, image.1])
    let inputFloats = inChannels * positions
    ColumnWorkspace(geometry).scatter(into: output.pointer, batch: batch, bias: bias?.pointer) { item, band, columns, leadingDimension, beta in
        // columns[rows, band] = weight[inChannels, rows]ᵀ · input[inChannels, band]
        BLAS.gemm(transposeA: true, m: rows, n: band.count, k: inChannels, a: weight.pointer, lda: rows,
                  b: input.pointer + item * inputFloats + band.lowerBound, ldb: positions,
                  beta: beta, c: columns, ldc: leadingDimension)
    }
    return Tensor.record("conv_transpose2d", output, [input, weight] + (bias.map { [$0] } ?? [])) { dy in
        let dInput = input.requiresGrad ? Tensor(uninitialized: input.shape) : nil
        let dWeight = weight.requiresGrad ? Tensor(uninitialized: weight.shape) : nil  // [inChannels, rows]
        if dInput != nil || dWeight != nil {
            ColumnWorkspace(geometry).forEachBand(of: dy.pointer, batch: batch) { item, band, columns, leadingDimension in
                let inputBand = item * inputFloats + band.lowerBound
                if let dInput {
                    // dInput[inChannels, band] = weight[inChannels, rows] · columns[rows, band]
                    BLAS.gemm(m: inChannels, n: band.count, k: rows, a: weight.pointer, lda: rows,
                              b: columns, ldb: leadingDimension, c: dInput.pointer + inputBand, ldc: positions)
                }
                if let dWeight {
                    // dWeight[inChannels, rows] += input[inChannels, band] · columns[rows, band]ᵀ
                    BLAS.gemm(transposeB: true, m: inChannels, n: rows, k: band.count,
                              a: input.pointer + inputBand, lda: positions, b: columns, ldb: leadingDimension,
                              beta: item == 0 && band.lowerBound == 0 ? 0 : 1, c: dWeight.pointer, ldc: rows)
                }
            }
        }
        return [dInput, dWeight] + (bias.map { [$0.requiresGrad ? channelSums(dy) : nil] } ?? [])
    }
}

/// 1-D transposed convolution: input [batch, inChannels, length], weight [inChannels,
/// outChannels, kernel], bias [outChannels] → [batch, outChannels, outLength]. Runs
/// `convTranspose2d` at height 1.
public func convTranspose1d(_ input: Tensor, weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0,
                            outputPadding: Int = 0, dilation: Int = 1) -> Tensor {
    precondition(input.rank == 3 && weight.rank == 3, "convTranspose1d: input \(input.shape) and weight \(weight.shape)")
    return convTranspose2d(input.withUnitHeight, weight: weight.withUnitHeight, bias: bias, stride: (1, stride),
                           padding: (0, padding), outputPadding: (0, outputPadding), dilation: (1, dilation)).withoutUnitHeight
}
