import Formats
import Foundation

/// Stage (h): `output/report.html` — the quality figures, the held-out loss per modality, the loss
/// curves, and for each direction its prompts beside the generated outputs and the references.
enum DemoReport {
    /// Writes the report from the files of the earlier stages.
    static func write(_ settings: DemoSettings) throws {
        let retrievals = try DemoRetrieval.read(settings)
        let histories = try DemoTraining.trainedModels.map { try DemoTraining.history($0, settings) }
        let body = [
            "<h1>Tessera demo</h1>",
            "<p>Every file here was made by <code>tessera demo</code>: the datasets, a text tokenizer, the vocab, the shards, "
                + "a small Llama trained on the captions, extended, trained on the new rows and then on everything, and "
                + "the samples below (held-out prompts, never trained on).</p>",
            try stageTable(settings),
            retrievalTable(retrievals),
            lossTable(Array(zip(DemoTraining.trainedModels, histories).dropFirst())),
            try DemoLossPlot.write(histories, settings),
        ] + retrievals.compactMap { DemoDirection(rawValue: $0.direction) }.map { samplesTable($0, settings) }
        let html = HTMLPage.document(title: "Tessera demo", body: body.joined(separator: "\n"))
        try AtomicFileOutput.save(Data(html.utf8), to: settings.path("report.html"))
    }

    /// Each stage's wall time, from its marker.
    private static func stageTable(_ settings: DemoSettings) throws -> String {
        let markers = try FileManager.default.contentsOfDirectory(atPath: settings.path("stages").path).filter { $0.hasSuffix(".done") }
        let rows = try markers.sorted { try modified($0, settings) < modified($1, settings) }.map { name in
            let time = try String(contentsOf: settings.path("stages/\(name)"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            return [HTMLPage.escape(String(name.dropLast(".done".count))), HTMLPage.escape(time)]
        }
        return table("Stages", header: ["stage", "wall time"], rows: rows)
    }

    /// When the stage marker `marker` was written.
    private static func modified(_ marker: String, _ settings: DemoSettings) throws -> Date {
        try FileManager.default.attributesOfItem(atPath: settings.path("stages/\(marker)").path)[.modificationDate] as? Date ?? .distantPast
    }

    /// The retrieval figures: is a generated output nearer its own reference than the others?
    private static func retrievalTable(_ retrievals: [DemoRetrieval]) -> String {
        let rows = retrievals.map { score in
            [HTMLPage.escape(DemoDirection(rawValue: score.direction)?.title ?? score.direction), HTMLPage.escape(score.measure), "\(score.count)",
             percent(score.top1) + " (chance " + percent(1 / Double(Swift.max(score.count, 1))) + ")",
             percent(score.winRate) + " ± " + percent(score.winRateError) + " (chance 50%)",
             String(format: "%.3f / %.3f", score.ownDistance, score.otherDistance)]
        }
        return table("Held-out retrieval: is each output nearest its own prompt's reference?",
                     header: ["direction", "distance", "samples", "own reference nearest", "own nearer than another (pairs)",
                              "distance to own / to others"], rows: rows)
    }

    /// The held-out loss per modality after each training stage on the mixed documents (`stages`:
    /// the models after the base, with their records).
    private static func lossTable(_ stages: [(name: String, history: LMTrainingRun.History)]) -> String {
        let losses = stages.map { $0.history.evaluations.last?.losses ?? [:] }
        let classes = Set(losses.flatMap(\.keys)).sorted()
        let rows = classes.map { name in [HTMLPage.escape(name)] + losses.map { $0[name].map { String(format: "%.3f", $0) } ?? "–" } }
        return table("Held-out loss per modality (nats per token)", header: ["tokens"] + stages.map(\.name), rows: rows)
    }

    /// The first samples of `direction`: prompt, generated output, reference.
    private static func samplesTable(_ direction: DemoDirection, _ settings: DemoSettings) -> String {
        let rows = (0..<settings.shownCount).compactMap { index -> [String]? in
            let directory = DemoSamples.directory(direction, index, settings)
            guard FileManager.default.fileExists(atPath: directory.path) else { return nil }
            let base = "samples/\(direction.rawValue)/\(index)/"
            return [part(base + "prompt." + DemoDirection.fileExtension(direction.prompt), direction.prompt, settings),
                    part(base + DemoSamples.generatedName(direction), direction.output, settings),
                    part(base + "reference." + DemoDirection.fileExtension(direction.output), direction.output, settings)]
        }
        return table(direction.title, header: ["prompt", "generated", "reference"], rows: rows)
    }

    /// A sample file shown as text, an image or an audio player.
    private static func part(_ path: String, _ modality: TokenModality, _ settings: DemoSettings) -> String {
        switch modality {
        case .text: HTMLPage.escape((try? String(contentsOf: settings.path(path), encoding: .utf8)) ?? "(nothing generated)")
        case .image: "<img src=\"\(HTMLPage.escape(path))\" width=128 height=128 alt=\"\(HTMLPage.escape(path))\">"
        case .audio: FileManager.default.fileExists(atPath: settings.path(path).path)
            ? "<audio controls preload=\"metadata\" src=\"\(HTMLPage.escape(path))\"></audio>" : "(no audio generated)"
        }
    }

    /// An HTML table under an `<h2>` heading; cells are HTML already.
    static func table(_ heading: String, header: [String], rows: [[String]]) -> String {
        let head = "<tr>" + header.map { "<th>\(HTMLPage.escape($0))</th>" }.joined() + "</tr>"
        let body = rows.map { "<tr>" + $0.map { "<td>\($0)</td>" }.joined() + "</tr>" }
        return (["<h2>\(HTMLPage.escape(heading))</h2>", "<table>", head] + body + ["</table>"]).joined(separator: "\n")
    }

    /// `fraction` as a percentage with one decimal.
    private static func percent(_ fraction: Double) -> String { String(format: "%.1f%%", 100 * fraction) }
}
