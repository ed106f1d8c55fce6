import Foundation

/// The report's loss curves as PNG plots: the training loss of the three stages end to end, and
/// the held-out loss at each evaluation — the base model's on captions, then per modality on the
/// mixed documents.
enum DemoLossPlot {
    /// Writes `output/plots/{training,heldout}-loss.png`; returns the report's section showing them.
    /// `histories` are the trained models' records, in `DemoTraining.trainedModels` order.
    static func write(_ histories: [LMTrainingRun.History], _ settings: DemoSettings) throws -> String {
        var offset = 0, training: [LinePlot.Series] = [], heldout: [String: [(x: Double, y: Double)]] = [:]
        for (index, (stage, history)) in zip(DemoTraining.trainedModels, histories).enumerated() {
            let smoothed = runningMean(history.losses.map(Double.init), window: 10)
            training.append(LinePlot.Series(name: stage, points: smoothed.enumerated().map { (Double(offset + $0.offset + 1), $0.element) },
                                            color: RGBColor.seriesPalette[index]))
            for evaluation in history.evaluations {
                // The base model reads captions only: its curve is its own series, not a point of "all" or "text".
                let losses = stage == "base" ? ["captions (base)": evaluation.losses["all"] ?? .nan] : evaluation.losses
                for (name, loss) in losses { heldout[name, default: []].append((Double(offset + evaluation.step), Double(loss))) }
            }
            offset += history.losses.count
        }
        let heldoutSeries = heldout.keys.sorted().enumerated().map { index, name in
            LinePlot.Series(name: name, points: heldout[name]!, color: RGBColor.seriesPalette[index % RGBColor.seriesPalette.count])
        }
        let directory = settings.path("plots")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try LinePlot(title: "Training loss (mean of 10 steps)", xLabel: "step", yLabel: "loss (nats per token)", series: training)
            .writePNG(to: directory.appendingPathComponent("training-loss.png"))
        try LinePlot(title: "Held-out loss per modality", xLabel: "step", yLabel: "loss (nats per token)", series: heldoutSeries)
            .writePNG(to: directory.appendingPathComponent("heldout-loss.png"))
        return """
            <h2>Loss curves</h2>
            <p><img src="plots/training-loss.png" width=640 height=400 alt="training loss">
            <img src="plots/heldout-loss.png" width=640 height=400 alt="held-out loss per modality"></p>
            """
    }

    /// The mean of each value and the up to `window − 1` values before it.
    private static func runningMean(_ values: [Double], window: Int) -> [Double] {
        var sum = 0.0
        return values.indices.map { index in
            sum += values[index] - (index >= window ? values[index - window] : 0)
            return sum / Double(Swift.min(index + 1, window))
        }
    }
}
