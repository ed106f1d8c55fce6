import Formats
import Foundation

/// Stage (g): `output/report.html`, the samples' prompts beside the generated and reference images,
/// and the held-out loss per modality.
enum DemoReport {
    /// Writes the report from the files of the earlier stages.
    static func write(_ settings: DemoSettings) throws {
        let losses = try DemoTraining.heldoutLosses("stage-full", settings).sorted { $0.key < $1.key }
        let lossRows = losses.map { "<tr><td>\(escape($0.key))</td><td>\(String(format: "%.4f", $0.value))</td></tr>" }
        var sampleRows: [String] = []
        for index in 0..<settings.sampleCount {
            let directory = DemoSamples.directory(index, settings)
            guard let prompt = try? String(contentsOf: directory.appendingPathComponent("prompt.txt"), encoding: .utf8) else { break }
            sampleRows.append("<tr><td>\(escape(prompt))</td><td><img src=\"samples/\(index)/image-0.png\" width=128></td>"
                + "<td><img src=\"samples/\(index)/reference.png\" width=128></td></tr>")
        }
        let html = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>Tessera demo</title>
            <style>body{font-family:sans-serif;margin:2em}td,th{padding:.4em;border:1px solid #ccc}img{image-rendering:pixelated}</style>
            </head><body>
            <h1>Tessera demo</h1>
            <h2>Text → image on held-out captions</h2>
            <table><tr><th>prompt</th><th>generated</th><th>reference</th></tr>
            \(sampleRows.joined(separator: "\n"))
            </table>
            <h2>Held-out loss per modality (nats per token)</h2>
            <table><tr><th>modality</th><th>loss</th></tr>
            \(lossRows.joined(separator: "\n"))
            </table>
            </body></html>

            """
        try AtomicFileOutput.save(Data(html.utf8), to: settings.path("report.html"))
    }

    /// `text` with the HTML special characters escaped.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
