import Tensor

/// A mel spectrogram built from differentiable ops (STFT → magnitude → mel matmul), so that
/// losses on it back-propagate to the waveform.
public struct MelSpectrogram {
    /// The STFT whose magnitudes the filters weigh.
    public let transform: ShortTimeFourierTransform
    /// `[melCount, bins]`, from `MelFilterBank.slaney`.
    public let filters: Tensor
    /// The exponent applied to STFT magnitudes before the mel filters: 1 (magnitude) or 2 (power).
    public let power: Float

    /// A mel spectrogram of `melCount` Slaney-normalised filters over an STFT with the given
    /// parameters (see `ShortTimeFourierTransform` and `MelFilterBank.slaney`).
    public init(sampleRate: Int, fftSize: Int, hopLength: Int? = nil, windowLength: Int? = nil, melCount: Int,
                minimumFrequency: Double = 0, maximumFrequency: Double? = nil, power: Float = 1) {
        transform = ShortTimeFourierTransform(fftSize: fftSize, hopLength: hopLength, windowLength: windowLength)
        filters = MelFilterBank.slaney(sampleRate: sampleRate, fftSize: fftSize, melCount: melCount,
                                       minimumFrequency: minimumFrequency, maximumFrequency: maximumFrequency)
        self.power = power
    }

    /// `filters · |STFT|^power`: `[batch, samples]` → `[batch, melCount, frames]`.
    public func callAsFunction(_ signal: Tensor) -> Tensor {
        let magnitude = transform.magnitudeByFrame(signal)           // [batch, frames, bins]
        let spectrum = power == 1 ? magnitude : magnitude.pow(power)  // [batch, frames, bins]
        return matmul(spectrum, filters, transposeB: true)            // [batch, frames, melCount]
            .transposed(1, 2)                                         // [batch, melCount, frames]
    }

    /// The natural logarithm of the mel spectrogram plus `floor`: log(mel + floor), `[batch, melCount, frames]`.
    public func logarithmic(_ signal: Tensor, floor: Float = 1e-5) -> Tensor {
        (self(signal) + floor).log()
    }
}
