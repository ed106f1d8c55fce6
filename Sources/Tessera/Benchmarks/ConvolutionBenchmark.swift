import Tensor

/// Convolution forward + backward (input, weight and bias gradients) on the shapes of our
/// image and audio tokenizers; tools/bench_torch.py times the same work in PyTorch.
public enum ConvolutionBenchmark {
    /// One convolution layer: `dimensions` 1 (height ignored) or 2, square kernels.
    public struct Case {
        var name: String
        var dimensions: Int
        var transposed = false
        var batch = 1
        var inChannels: Int, outChannels: Int
        var height = 1, width: Int
        var kernel: Int, stride = 1, padding = 0

        /// Multiply-adds of the forward pass (the backward pass does twice as many).
        var multiplyAdds: Int {
            // A convolution's windows are its output positions, a transposed one's its input positions.
            let windows = spatial.map { transposed ? $0 : ($0 + 2 * padding - kernel) / stride + 1 }.reduce(1, *)
            return batch * windows * inChannels * outChannels * spatial.map { _ in kernel }.reduce(1, *)
        }

        /// The input's spatial sizes.
        var spatial: [Int] { dimensions == 2 ? [height, width] : [width] }

        /// What tools/bench_torch.py's `conv` builder needs to rebuild the case.
        var parameters: [String: Int] {
            ["dims": dimensions, "transposed": transposed ? 1 : 0, "batch": batch, "in_channels": inChannels,
             "out_channels": outChannels, "height": height, "width": width, "kernel": kernel, "stride": stride,
             "padding": padding]
        }
    }

    /// LlamaGen VQ encoder/decoder layers at a 128×128 image, then EnCodec-like 1-D layers on one
    /// second of 24 kHz audio.
    public static let cases: [Case] = [
        Case(name: "vq conv_in 3→128 128²", dimensions: 2, inChannels: 3, outChannels: 128, height: 128, width: 128, kernel: 3, padding: 1),
        Case(name: "vq 3×3 128ch 128²", dimensions: 2, inChannels: 128, outChannels: 128, height: 128, width: 128, kernel: 3, padding: 1),
        Case(name: "vq down s2 128ch 128²", dimensions: 2, inChannels: 128, outChannels: 128, height: 128, width: 128, kernel: 3, stride: 2, padding: 1),
        Case(name: "vq 3×3 256ch 64²", dimensions: 2, inChannels: 256, outChannels: 256, height: 64, width: 64, kernel: 3, padding: 1),
        Case(name: "vq 3×3 512ch 16²", dimensions: 2, inChannels: 512, outChannels: 512, height: 16, width: 16, kernel: 3, padding: 1),
        Case(name: "vq 1×1 128→256 64²", dimensions: 2, inChannels: 128, outChannels: 256, height: 64, width: 64, kernel: 1),
        Case(name: "encodec k7 32→64 24000", dimensions: 1, inChannels: 32, outChannels: 64, width: 24000, kernel: 7, padding: 3),
        Case(name: "encodec down k8s4 32→64", dimensions: 1, inChannels: 32, outChannels: 64, width: 24000, kernel: 8, stride: 4),
        Case(name: "encodec k3 128→64 1500", dimensions: 1, inChannels: 128, outChannels: 64, width: 1500, kernel: 3, padding: 1),
        Case(name: "encodec up T k8s4 64→32", dimensions: 1, transposed: true, inChannels: 64, outChannels: 32, width: 6000, kernel: 8, stride: 4),
    ]

    /// Times every case (median of repeated runs over at least `minimumSeconds`).
    public static func run(minimumSeconds: Double = 0.5) -> BenchmarkReport {
        var generator = RandomGenerator(seed: 1)
        let results = cases.map { layer in
            let input = Tensor.randomNormal([layer.batch, layer.inChannels] + layer.spatial, generator: &generator)
            let weightChannels = layer.transposed ? [layer.inChannels, layer.outChannels] : [layer.outChannels, layer.inChannels]
            let weight = Tensor.randomNormal(weightChannels + Array(repeating: layer.kernel, count: layer.dimensions),
                                             std: 0.05, generator: &generator)
            let bias = Tensor.randomNormal([layer.outChannels], generator: &generator)
            let forward = { apply(layer, input, weight, bias) }
            let gradient = Tensor.randomNormal(withoutGradient(forward).shape, generator: &generator)
            for parameter in [input, weight, bias] { parameter.requiresGrad = true }
            let seconds = Stopwatch.median(minimumSeconds: minimumSeconds) {
                for parameter in [input, weight, bias] { parameter.zeroGrad() }
                forward().backward(gradient)
            }
            return BenchmarkResult(name: layer.name, parameters: layer.parameters, flops: 6 * Double(layer.multiplyAdds),
                                   seconds: seconds)
        }
        return BenchmarkReport(benchmark: "conv", cases: results)
    }

    private static func apply(_ layer: Case, _ input: Tensor, _ weight: Tensor, _ bias: Tensor) -> Tensor {
        let (stride, padding) = (layer.stride, layer.padding)
        switch (layer.dimensions, layer.transposed) {
        case (1, false): return conv1d(input, weight: weight, bias: bias, stride: stride, padding: padding)
        case (1, true): return convTranspose1d(input, weight: weight, bias: bias, stride: stride, padding: padding)
        case (_, false): return conv2d(input, weight: weight, bias: bias, stride: (stride, stride), padding: (padding, padding))
        case (_, true): return convTranspose2d(input, weight: weight, bias: bias, stride: (stride, stride), padding: (padding, padding))
        }
    }
}
