/// `PolyphaseResampler` over a signal that arrives in pieces: the same output samples as resampling
/// the whole signal at once, computed as soon as the input under the filter has arrived, holding
/// only the input the next outputs still need.
public final class StreamingResampler {
    public let resampler: PolyphaseResampler
    /// The whole signal's length (its end is where zeros begin).
    public let inputCount: Int
    private var window: [Float] = []
    private var windowStart = 0
    private var produced = 0

    /// A resampler from `inputRate` to `outputRate` for a signal of `inputCount` samples.
    public init(from inputRate: Int, to outputRate: Int, inputCount: Int) {
        resampler = PolyphaseResampler(from: inputRate, to: outputRate)
        self.inputCount = inputCount
    }

    /// The output samples the input so far completes, after taking `samples` (the next input).
    public func push(_ samples: UnsafeBufferPointer<Float>) -> [Float] {
        window.append(contentsOf: samples)
        let received = windowStart + window.count
        let total = resampler.outputCount(forInputCount: inputCount)
        var end = produced
        // An output is ready once its newest input has arrived (or lies past the end of the signal).
        while end < total && Swift.min(resampler.inputSpan(ofOutput: end).newest, inputCount - 1) < received { end += 1 }
        let output = window.withUnsafeBufferPointer { buffer in
            (produced..<end).map { resampler.sample($0, window: buffer, windowStart: windowStart, inputCount: inputCount) }
        }
        produced = end
        // Drop the input no later output reads.
        let keepFrom = Swift.min(Swift.max(resampler.inputSpan(ofOutput: produced).oldest, windowStart), received)
        window.removeFirst(keepFrom - windowStart)
        windowStart = keepFrom
        return output
    }
}
