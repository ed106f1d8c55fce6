import Foundation
import Media
import Tensor

/// Held-out quality measures of decoded audio against the original.
public enum AudioQualityMetrics {
    /// Scale-invariant signal-to-distortion ratio in dB (Le Roux et al. 2019), both signals made
    /// zero-mean: the reference scaled by ⟨estimate, reference⟩ / ‖reference‖² is the target,
    /// the rest is distortion. Compares the first min(lengths) samples; nil when that is empty or
    /// the reference is silent (its energy below 1e-12).
    public static func scaleInvariantSDR(estimate: [Float], reference: [Float]) -> Double? {
        let count = Swift.min(estimate.count, reference.count)
        guard count > 0 else { return nil }
        let estimateMean = estimate.prefix(count).reduce(0.0) { $0 + Double($1) } / Double(count)
        let referenceMean = reference.prefix(count).reduce(0.0) { $0 + Double($1) } / Double(count)
        var (dot, energy) = (0.0, 0.0)
        for index in 0..<count {
            let (e, r) = (Double(estimate[index]) - estimateMean, Double(reference[index]) - referenceMean)
            dot += e * r
            energy += r * r
        }
        guard energy > 1e-12 else { return nil }
        let scale = dot / energy
        var (targetEnergy, noiseEnergy) = (0.0, 0.0)
        for index in 0..<count {
            let target = scale * (Double(reference[index]) - referenceMean)
            let noise = Double(estimate[index]) - estimateMean - target
            targetEnergy += target * target
            noiseEnergy += noise * noise
        }
        return 10 * log10(Swift.max(targetEnergy, 1e-20) / Swift.max(noiseEnergy, 1e-20))
    }

    /// The multi-scale mel distance of two clips measured by `distance` (built once by the caller: it
    /// holds the filter banks and windows), over the first min(lengths) samples; nil when that is too
    /// short for the largest STFT.
    public static func melDistance(estimate: [Float], reference: [Float], using distance: MultiScaleMelDistance) -> Double? {
        let count = Swift.min(estimate.count, reference.count)
        guard count >= distance.minimumSamples else { return nil }
        return withoutGradient {
            Double(distance(Tensor(shape: [1, count], values: Array(estimate.prefix(count))),
                            Tensor(shape: [1, count], values: Array(reference.prefix(count)))).item)
        }
    }

    /// `estimate` shifted by the lag in −maximumLag…maximumLag samples that maximises its
    /// cross-correlation with `reference` (vacated samples are zero), with that lag: codecs with a
    /// delay (codec2) are measured on aligned audio. A positive lag means the estimate was late.
    public static func aligned(estimate: [Float], reference: [Float], maximumLag: Int) -> (samples: [Float], lag: Int) {
        let count = Swift.min(estimate.count, reference.count)
        var (bestLag, bestScore) = (0, -Double.infinity)
        for lag in -maximumLag...maximumLag {
            let (lower, upper) = (Swift.max(0, -lag), Swift.min(count, count - lag))  // reference indices with a partner
            var score = 0.0
            for index in lower..<Swift.max(lower, upper) { score += Double(reference[index]) * Double(estimate[index + lag]) }
            if score > bestScore { (bestLag, bestScore) = (lag, score) }
        }
        let shifted = (0..<estimate.count).map { index in
            let source = index + bestLag
            return source >= 0 && source < estimate.count ? estimate[source] : 0
        }
        return (shifted, bestLag)
    }
}
