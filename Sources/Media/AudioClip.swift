/// Mono audio: samples (nominally in [−1, 1]) at one sample rate.
public struct AudioClip: Equatable, Sendable {
    /// The samples, one per frame.
    public var samples: [Float]
    /// Samples per second.
    public let sampleRate: Int

    /// A clip of `samples` at `sampleRate` Hz.
    public init(samples: [Float], sampleRate: Int) {
        precondition(sampleRate > 0, "sample rate \(sampleRate)")
        self.samples = samples
        self.sampleRate = sampleRate
    }

    /// The length in seconds.
    public var duration: Double { Double(samples.count) / Double(sampleRate) }

    /// The clip at `rate` Hz, resampled as `scipy.signal.resample_poly` does (itself when the rate
    /// is already `rate`); `PolyphaseResampler.canResample(from: sampleRate, to: rate)` must hold.
    public func resampled(to rate: Int) -> AudioClip {
        rate == sampleRate ? self : AudioClip(samples: PolyphaseResampler(from: sampleRate, to: rate).apply(samples), sampleRate: rate)
    }
}
