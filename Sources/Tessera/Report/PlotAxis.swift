import Foundation

/// One axis of a plot: its value range and its tick values at a "nice" step (1, 2 or 5 times a power of ten).
struct PlotAxis {
    /// The value at the axis's start.
    let lower: Double
    /// The value at the axis's end (greater than `lower`).
    let upper: Double
    /// The tick values, ascending, all within `lower...upper`.
    let ticks: [Double]
    /// The tick labels, one per tick, with as many decimals as the step needs.
    let labels: [String]

    /// About this many ticks per axis.
    static let targetTickCount = 5

    /// An axis over `range` when given (kept exactly), otherwise over the finite `values` widened to whole steps;
    /// 0...1 when there are none, and a small span around a single value.
    init(values: [Double], range: ClosedRange<Double>?) {
        let finite = values.filter(\.isFinite)
        let given = range.flatMap { $0.lowerBound.isFinite && $0.upperBound.isFinite ? $0 : nil }
        var (low, high) = given.map { ($0.lowerBound, $0.upperBound) } ?? (finite.min() ?? 0, finite.max() ?? 1)
        if !(high > low) {
            let padding = low == 0 ? 1 : abs(low) * 0.1
            (low, high) = (low - padding, high + padding)
        }
        let step = Self.niceStep(span: high - low)
        if given == nil && step > 0 { (low, high) = ((low / step).rounded(.down) * step, (high / step).rounded(.up) * step) }
        (lower, upper) = (low, high)
        ticks = Self.multiples(of: step, within: low, high)
        labels = ticks.map { Self.label($0, step: step) }
    }

    /// The multiples of `step` from `low` to `high`; none when the step is not a positive finite number.
    private static func multiples(of step: Double, within low: Double, _ high: Double) -> [Double] {
        guard step.isFinite, step > 0 else { return [] }
        let first = (low / step - 1e-9).rounded(.up)
        let last = (high / step + 1e-9).rounded(.down)
        guard first <= last, last - first < 100 else { return [] }
        return (0...Int(last - first)).map { (first + Double($0)) * step }
    }

    /// The position of `value` along an axis drawn from pixel `start` (at `lower`) to pixel `end` (at `upper`).
    func position(of value: Double, from start: Double, to end: Double) -> Double {
        start + (value - lower) / (upper - lower) * (end - start)
    }

    /// The 1-2-5 step that cuts `span` into about `targetTickCount` parts.
    static func niceStep(span: Double) -> Double {
        let raw = span / Double(targetTickCount)
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let fraction = raw / magnitude
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude
    }

    /// `value` written with the decimals `step` needs (`0.25` for step 0.05, `1500` for step 500);
    /// in `%g` form when very large or very small.
    static func label(_ value: Double, step: Double) -> String {
        let decimals = Swift.max(0, -Int(log10(step).rounded(.down)))
        let text = abs(value) >= 1e6 || decimals > 6 ? String(format: "%.3g", value) : String(format: "%.*f", decimals, value)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }
}
