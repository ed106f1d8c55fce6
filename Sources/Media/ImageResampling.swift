import Foundation
import Tensor

/// One-axis resampling with Pillow's 8-bit fixed-point arithmetic, so results match
/// `PIL.Image.resize` with `Image.BOX` (downscale) and `Image.BICUBIC` (upscale) exactly.
///
/// Each output sample is a normalised weighted sum of the input samples under the filter,
/// centred on the output pixel's centre mapped into the input; the weights are rounded to
/// 22-bit fixed point and the sum is rounded and clamped to 0...255.
struct AxisResampler {
    /// The filter of one pass: Pillow's box (area) or bicubic (a = −0.5) kernel.
    enum Filter {
        case box, bicubic

        /// Half the kernel's width in input samples at scale 1.
        var support: Double { self == .box ? 0.5 : 2 }

        func weight(_ x: Double) -> Double {
            switch self {
            case .box:
                return x > -0.5 && x <= 0.5 ? 1 : 0
            case .bicubic:
                let a = -0.5, distance = Swift.abs(x)
                if distance < 1 { return ((a + 2) * distance - (a + 3)) * distance * distance + 1 }
                if distance < 2 { return (((distance - 5) * distance + 8) * distance - 4) * a }
                return 0
            }
        }
    }

    static let precisionBits = 22

    let outputSize: Int
    /// Per output sample: the first input sample it reads and how many it reads.
    private var first: [Int] = []
    private var count: [Int] = []
    /// Fixed-point weights, `kernelSize` per output sample.
    private var weights: [Int32] = []
    private let kernelSize: Int

    /// The weights that take `inputSize` samples to `outputSize` with `filter`, widened by the
    /// scale factor when shrinking (so a box covers each output pixel's whole footprint).
    init(inputSize: Int, outputSize: Int, filter: Filter) {
        self.outputSize = outputSize
        let scale = Double(inputSize) / Double(outputSize)
        let filterScale = Swift.max(scale, 1)
        let support = filter.support * filterScale
        kernelSize = Int(support.rounded(.up)) * 2 + 1
        weights = [Int32](repeating: 0, count: outputSize * kernelSize)
        for output in 0..<outputSize {
            let center = (Double(output) + 0.5) * scale
            let low = Swift.max(Int(center - support + 0.5), 0)
            let high = Swift.min(Int(center + support + 0.5), inputSize)
            let raw = (low..<high).map { filter.weight((Double($0) - center + 0.5) / filterScale) }
            let total = raw.reduce(0, +)
            for (offset, value) in raw.enumerated() {
                let normalised = (total != 0 ? value / total : value) * Double(1 << Self.precisionBits)
                weights[output * kernelSize + offset] = Int32(normalised < 0 ? normalised - 0.5 : normalised + 0.5)
            }
            first.append(low)
            count.append(high - low)
        }
    }

    /// Resamples `lines` independent lines of 3-byte pixels. Pixel `i` of line `l` sits at byte
    /// `l · lineStride + i · pixelStride` in both input and output (strides in bytes).
    func apply(lines: Int, input: UnsafePointer<UInt8>, inputLineStride: Int, inputPixelStride: Int,
               output: UnsafeMutablePointer<UInt8>, outputLineStride: Int, outputPixelStride: Int) {
        weights.withUnsafeBufferPointer { weights in
            parallelFor(lines, grain: Swift.max(1, 4096 / Swift.max(outputSize, 1))) { range in
                for line in range {
                    let source = input + line * inputLineStride
                    let destination = output + line * outputLineStride
                    for sample in 0..<outputSize {
                        let kernel = weights.baseAddress! + sample * kernelSize
                        for channel in 0..<3 {
                            var sum = 1 << (Self.precisionBits - 1)
                            for tap in 0..<count[sample] {
                                sum += Int(source[(first[sample] + tap) * inputPixelStride + channel]) * Int(kernel[tap])
                            }
                            destination[sample * outputPixelStride + channel] =
                                UInt8(clamping: sum >> Self.precisionBits)
                        }
                    }
                }
            }
        }
    }
}
