import Foundation

/// The windowed-sinc low-pass filter of `scipy.signal.firwin(count, cutoff, window=("kaiser", beta))`.
enum KaiserLowpass {
    /// `count` taps of a linear-phase low-pass with `cutoff` as a fraction of the Nyquist
    /// frequency, Kaiser-windowed and scaled to unit gain at 0 Hz.
    static func taps(count: Int, cutoff: Double, beta: Double) -> [Double] {
        precondition(count >= 2, "a filter of \(count) taps")
        let center = Double(count - 1) / 2
        let unscaled = (0..<count).map { index -> Double in
            let offset = Double(index) - center
            let argument = Double.pi * cutoff * offset
            let sinc = offset == 0 ? 1 : sin(argument) / argument
            let position = offset / center  // −1 ... 1 across the window
            let window = besselI0(beta * (1 - position * position).squareRoot()) / besselI0(beta)
            return cutoff * sinc * window
        }
        let gain = unscaled.reduce(0, +)
        return unscaled.map { $0 / gain }
    }

    /// The modified Bessel function of the first kind, order 0: Σₖ ((x/2)ᵏ / k!)².
    static func besselI0(_ x: Double) -> Double {
        var (sum, term, k) = (1.0, 1.0, 1.0)
        while term > sum * 1e-17 {
            term *= (x / (2 * k)) * (x / (2 * k))
            sum += term
            k += 1
        }
        return sum
    }
}
