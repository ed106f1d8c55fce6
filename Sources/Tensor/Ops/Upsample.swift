import Foundation

// upsample_nearest — backward: each input element gets the sum of its scale × scale block of dY.
/// Nearest-neighbour upsampling by an integer factor (PyTorch's `F.interpolate(mode="nearest")`):
/// [batch, channels, length] → [batch, channels, length·scale], or [batch, channels, height,
/// width] → [batch, channels, height·scale, width·scale].
public func upsampleNearest(_ input: Tensor, scale: Int) -> Tensor {
    precondition(input.rank == 3 || input.rank == 4, "upsampleNearest: input \(input.shape) is not 1-D or 2-D")
    precondition(scale >= 1, "upsampleNearest: scale \(scale)")
    let (height, width) = input.rank == 4 ? (input.shape[2], input.shape[3]) : (1, input.shape[2])
    let scaleY = input.rank == 4 ? scale : 1
    let inputRows = input.count / Swift.max(width, 1)  // every (batch, channel, y) row
    let outputWidth = width * scale
    let output = Tensor(uninitialized: Array(input.shape.prefix(2)) + (input.rank == 4 ? [height * scale] : []) + [outputWidth])
    let source = input.pointer, destination = output.pointer
    let grain = Swift.max(1, (1 << 14) / Swift.max(outputWidth * scaleY, 1))
    parallelFor(inputRows, grain: grain) { range in
        for row in range {
            let pixels = source + row * width
            let first = destination + row * scaleY * outputWidth  // [scaleY, outputWidth]
            for x in 0..<width { (first + x * scale).update(repeating: pixels[x], count: scale) }
            for copy in 1..<scaleY { (first + copy * outputWidth).update(from: first, count: outputWidth) }
        }
    }
    return Tensor.record("upsample_nearest", output, [input]) { dy in
        let dx = Tensor(uninitialized: input.shape)
        let upstream = dy.pointer, gradient = dx.pointer
        parallelFor(inputRows, grain: grain) { range in
            for row in range {
                let block = upstream + row * scaleY * outputWidth  // [scaleY, outputWidth]
                for x in 0..<width {
                    var total: Float = 0
                    for copy in 0..<scaleY { total += contiguousSum(block + copy * outputWidth + x * scale, count: scale) }
                    gradient[row * width + x] = total
                }
            }
        }
        return [dx]
    }
}
