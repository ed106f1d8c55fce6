import Foundation
import Tensor

/// Rational-rate resampling that reproduces `scipy.signal.resample_poly(x, up, down)` with its
/// default window, `("kaiser", 5.0)`.
///
/// For rates reduced to `up / down`, the filter is `firwin(2·h + 1, 1 / max(up, down))`
/// with `h = 10·max(up, down)`, scaled by `up`; output sample m is the zero-stuffed input
/// convolved with it at position `m·down + h`, i.e. Σᵢ x[i]·filter[m·down + h − i·up], treating
/// samples beyond the ends as zero. The output has ⌈n·up / down⌉ samples.
public struct PolyphaseResampler: Sendable {
    /// The upsampling factor: the output rate divided by the rates' greatest common divisor.
    public let up: Int
    /// The downsampling factor: the input rate divided by the rates' greatest common divisor.
    public let down: Int
    /// `phases[p][q]` = filter[p + q·up]: the taps one output phase uses.
    private let phases: [[Float]]
    private let halfLength: Int

    /// The largest reduced `up` or `down` supported: the filter has 20 taps per unit of it.
    public static let maximumFactor = 1 << 17

    /// Whether the reduced ratio of the two rates is within `maximumFactor` (44100 → 16000 is 160 / 441;
    /// 2147483647 → 16000 is 16000 / 2147483647, whose filter would not fit in memory).
    public static func canResample(from inputRate: Int, to outputRate: Int) -> Bool {
        guard inputRate > 0, outputRate > 0 else { return false }
        return Swift.max(inputRate, outputRate) / greatestCommonDivisor(inputRate, outputRate) <= maximumFactor
    }

    /// A resampler from `inputRate` Hz to `outputRate` Hz (`canResample(from:to:)` must hold).
    public init(from inputRate: Int, to outputRate: Int) {
        precondition(Self.canResample(from: inputRate, to: outputRate), "cannot resample \(inputRate) Hz to \(outputRate) Hz")
        let divisor = Self.greatestCommonDivisor(inputRate, outputRate)
        let (up, down) = (outputRate / divisor, inputRate / divisor)
        let maximumRate = Swift.max(up, down)
        let filter = KaiserLowpass.taps(count: 20 * maximumRate + 1, cutoff: 1 / Double(maximumRate), beta: 5)
        (self.up, self.down, halfLength) = (up, down, 10 * maximumRate)
        phases = (0..<up).map { phase in
            stride(from: phase, to: filter.count, by: up).map { Float(filter[$0] * Double(up)) }
        }
    }

    /// The number of output samples for `inputCount` input samples: ⌈inputCount · up / down⌉.
    public func outputCount(forInputCount inputCount: Int) -> Int { (inputCount * up + down - 1) / down }

    /// `samples` at the output rate.
    public func apply(_ samples: [Float]) -> [Float] {
        if up == down { return samples }
        let inputCount = samples.count
        let outputCount = outputCount(forInputCount: inputCount)
        return [Float](unsafeUninitializedCapacity: outputCount) { output, initialized in
            samples.withUnsafeBufferPointer { input in
                parallelFor(outputCount, grain: 4096) { range in
                    for index in range { output[index] = sample(index, input) }
                }
            }
            initialized = outputCount
        }
    }

    /// Output sample `index`: Σ_q phases[p][q] · x[last − q], with position = index·down + h,
    /// p = position mod up and last = position / up (the newest input sample under the filter).
    @inline(__always)
    private func sample(_ index: Int, _ input: UnsafeBufferPointer<Float>) -> Float {
        sample(index, window: input, windowStart: 0, inputCount: input.count)
    }

    /// Output sample `index` of a signal of `inputCount` samples of which `window` holds those from
    /// `windowStart` on (it must hold every input sample under the filter; samples outside
    /// 0..<inputCount count as zero).
    @inline(__always)
    func sample(_ index: Int, window: UnsafeBufferPointer<Float>, windowStart: Int, inputCount: Int) -> Float {
        let position = index * down + halfLength
        let phase = position % up, last = position / up
        return phases[phase].withUnsafeBufferPointer { taps in
            let firstTap = Swift.max(0, last - (inputCount - 1))
            let endTap = Swift.min(taps.count, last + 1)
            var sum: Float = 0
            var tap = firstTap
            while tap < endTap {
                sum += taps[tap] * window[last - tap - windowStart]
                tap += 1
            }
            return sum
        }
    }

    /// The newest and oldest input samples output sample `index` reads (before clipping to the signal).
    func inputSpan(ofOutput index: Int) -> (oldest: Int, newest: Int) {
        let position = index * down + halfLength
        let last = position / up
        return (last - (phases[position % up].count - 1), last)
    }

    private static func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int { b == 0 ? a : greatestCommonDivisor(b, a % b) }
}
