import Foundation
import Tensor

/// The short-time Fourier transform of `torch.stft(x, n_fft, hop_length, win_length,
/// window=torch.hann_window(win_length), center=True, pad_mode="reflect", onesided=True)`,
/// as a composition of differentiable ops: reflect padding, framing, and one GEMM with a
/// windowed DFT basis.
public struct ShortTimeFourierTransform {
    /// Samples per frame (the DFT length).
    public let fftSize: Int
    /// Samples between the starts of consecutive frames.
    public let hopLength: Int
    /// The Hann window's length, centred in the frame (at most fftSize).
    public let windowLength: Int
    /// `[fftSize, 2·bins]`: column k is window·cos(2πkn/N), column bins + k is −window·sin(2πkn/N).
    public let basis: Tensor

    /// A transform of `fftSize`-point frames every `hopLength` samples (default fftSize / 4),
    /// windowed by a periodic Hann window of `windowLength` samples (default fftSize) centred
    /// in the frame.
    public init(fftSize: Int, hopLength: Int? = nil, windowLength: Int? = nil) {
        let windowLength = windowLength ?? fftSize
        precondition(fftSize > 0 && windowLength > 0 && windowLength <= fftSize, "STFT of \(fftSize) points, window \(windowLength)")
        self.fftSize = fftSize
        self.hopLength = hopLength ?? Swift.max(fftSize / 4, 1)
        self.windowLength = windowLength
        precondition(self.hopLength > 0, "STFT hop \(self.hopLength)")
        let bins = fftSize / 2 + 1
        let left = (fftSize - windowLength) / 2
        var values = [Float](repeating: 0, count: fftSize * 2 * bins)
        for sample in left..<(left + windowLength) {
            let window = 0.5 - 0.5 * cos(2 * Double.pi * Double(sample - left) / Double(windowLength))
            for bin in 0..<bins {
                // k·n mod N keeps the angle small and exact before the trigonometry.
                let angle = 2 * Double.pi * Double(bin * sample % fftSize) / Double(fftSize)
                values[sample * 2 * bins + bin] = Float(window * cos(angle))
                values[sample * 2 * bins + bins + bin] = Float(-window * sin(angle))
            }
        }
        basis = Tensor(shape: [fftSize, 2 * bins], values: values)
    }

    /// Frequency bins per frame: fftSize / 2 + 1.
    public var binCount: Int { fftSize / 2 + 1 }

    /// Frames for a signal of `sampleCount` samples: 1 + sampleCount / hopLength.
    public func frameCount(forSampleCount sampleCount: Int) -> Int { 1 + sampleCount / hopLength }

    /// Each frame's spectrum, frames first: `[batch, samples]` → `[batch, frames, 2·bins]`
    /// (real parts, then imaginary parts). Signals need more than fftSize / 2 samples.
    public func spectrumByFrame(_ signal: Tensor) -> Tensor {
        precondition(signal.rank == 2 && signal.shape[1] > fftSize / 2,
                     "STFT (\(fftSize) points) of a signal of shape \(signal.shape): needs [batch, samples > \(fftSize / 2)]")
        let padded = signal.padded([(fftSize / 2, fftSize / 2)], mode: .reflect)  // [batch, samples + fftSize]
        let frames = padded.frames(length: fftSize, hop: hopLength)             // [batch, frames, fftSize]
        return matmul(frames, basis)                                             // [batch, frames, 2·bins]
    }

    /// Real and imaginary parts as `torch.stft` lays them out: each `[batch, bins, frames]`.
    public func callAsFunction(_ signal: Tensor) -> (real: Tensor, imaginary: Tensor) {
        let spectrum = spectrumByFrame(signal)
        return (spectrum.slice(axis: 2, 0..<binCount).transposed(1, 2),
                spectrum.slice(axis: 2, binCount..<(2 * binCount)).transposed(1, 2))
    }

    /// Magnitudes |STFT|, frames first: `[batch, samples]` → `[batch, frames, bins]`.
    public func magnitudeByFrame(_ signal: Tensor) -> Tensor {
        spectrumByFrame(signal).complexMagnitude()
    }

    /// Magnitudes |STFT| as `torch.stft(...).abs()` lays them out: `[batch, bins, frames]`.
    public func magnitude(_ signal: Tensor) -> Tensor {
        magnitudeByFrame(signal).transposed(1, 2)
    }
}
