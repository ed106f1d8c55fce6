import Foundation
import Tensor

/// Triangular mel filters as `librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax, htk=False,
/// norm="slaney")` makes them: Slaney's mel scale (linear below 1 kHz, logarithmic above),
/// each triangle scaled to unit area (2 / bandwidth in Hz).
public enum MelFilterBank {
    /// The filters as a `[melCount, fftSize / 2 + 1]` matrix over the STFT's bins.
    /// `maximumFrequency` defaults to the Nyquist frequency.
    public static func slaney(sampleRate: Int, fftSize: Int, melCount: Int,
                              minimumFrequency: Double = 0, maximumFrequency: Double? = nil) -> Tensor {
        let maximumFrequency = maximumFrequency ?? Double(sampleRate) / 2
        precondition(melCount > 0 && minimumFrequency >= 0 && maximumFrequency > minimumFrequency,
                     "\(melCount) mel filters over \(minimumFrequency)...\(maximumFrequency) Hz")
        let bins = fftSize / 2 + 1
        let binFrequencies = (0..<bins).map { Double($0) * Double(sampleRate) / Double(fftSize) }
        // melCount + 2 edges evenly spaced in mel: filter m rises from edge m to m + 1, falls to m + 2.
        let (lowMel, highMel) = (hertzToMel(minimumFrequency), hertzToMel(maximumFrequency))
        let edges = (0..<(melCount + 2)).map { melToHertz(lowMel + (highMel - lowMel) * Double($0) / Double(melCount + 1)) }
        var weights = [Float](repeating: 0, count: melCount * bins)
        for filter in 0..<melCount {
            let (lower, center, upper) = (edges[filter], edges[filter + 1], edges[filter + 2])
            let areaScale = 2 / (upper - lower)
            for (bin, frequency) in binFrequencies.enumerated() {
                let rising = (frequency - lower) / (center - lower)
                let falling = (upper - frequency) / (upper - center)
                weights[filter * bins + bin] = Float(Swift.max(0, Swift.min(rising, falling)) * areaScale)
            }
        }
        return Tensor(shape: [melCount, bins], values: weights)
    }

    /// Slaney's mel scale: 3 mels per 200 Hz up to 1 kHz (15 mels), then 27 mels per factor 6.4.
    public static func hertzToMel(_ frequency: Double) -> Double {
        frequency < 1000 ? frequency * 3 / 200 : 15 + log(frequency / 1000) * 27 / log(6.4)
    }

    /// The inverse of `hertzToMel`.
    public static func melToHertz(_ mel: Double) -> Double {
        mel < 15 ? mel * 200 / 3 : 1000 * exp((mel - 15) * log(6.4) / 27)
    }
}
