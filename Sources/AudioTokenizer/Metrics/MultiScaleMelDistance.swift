import Media
import Tensor

/// The multi-scale mel distance: the mean absolute difference of natural-log mel spectrograms
/// (log(mel + 1e-5), magnitude STFT, Slaney filters) at several STFT sizes, averaged over the
/// sizes. Differentiable, so it is both the training loss and the held-out metric.
public struct MultiScaleMelDistance {
    /// One spectrogram per STFT size (hop = size / 4).
    public let spectrograms: [MelSpectrogram]

    /// STFT sizes 256, 512, 1024 and 2048 with 32, 64, 80 and 80 mel bands: the default.
    public static let defaultScales = [(fftSize: 256, melCount: 32), (512, 64), (1024, 80), (2048, 80)]

    /// Spectrograms at `sampleRate` for each (fftSize, melCount).
    public init(sampleRate: Int, scales: [(fftSize: Int, melCount: Int)] = MultiScaleMelDistance.defaultScales) {
        spectrograms = scales.map { MelSpectrogram(sampleRate: sampleRate, fftSize: $0.fftSize, melCount: $0.melCount) }
    }

    /// The shortest signal every scale accepts (the STFT needs more than fftSize / 2 samples).
    public var minimumSamples: Int { (spectrograms.map(\.transform.fftSize).max() ?? 0) / 2 + 1 }

    /// A scalar tensor: estimate and reference [batch, samples] (same shape) → mean over scales of
    /// mean |log mel(estimate) − log mel(reference)|.
    public func callAsFunction(_ estimate: Tensor, _ reference: Tensor) -> Tensor {
        precondition(estimate.shape == reference.shape && estimate.rank == 2, "mel distance of \(estimate.shape) and \(reference.shape)")
        let distances = spectrograms.map { spectrogram in
            (spectrogram.logarithmic(estimate) - spectrogram.logarithmic(reference)).abs().mean()  // [batch, mels, frames] → []
        }
        return distances.reduce(Tensor(scalar: 0), +) / Float(distances.count)
    }
}
