import Foundation

extension AudioCodecBenchmark.Report {
    /// Pretty JSON with sorted keys.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// A plain-text summary: speed lines, then one quality row per codec and bitrate.
    public func table() -> String {
        func figure(_ value: Double?, _ format: String = "%.1f") -> String { value.map { String(format: format, $0) } ?? "-" }
        var lines = [
            "audio codec \(tokenizer): \(clips) held-out clips, \(String(format: "%.1f", audioSeconds)) s, \(threads) threads, load \(String(format: "%.2f", loadAverage))",
            "encode \(figure(encodeRealTime))× real time (PyTorch \(figure(torchEncodeRealTime))×, ratio \(figure(encodeRatioToTorch, "%.2f")));"
                + " per CPU second \(figure(encodeRealTimePerCPU))× (PyTorch \(figure(torchEncodeRealTimePerCPU))×, ratio \(figure(encodeCPURatioToTorch, "%.2f")))",
            "decode \(figure(decodeRealTime))× real time (PyTorch \(figure(torchDecodeRealTime))×, ratio \(figure(decodeRatioToTorch, "%.2f")));"
                + " per CPU second \(figure(decodeRealTimePerCPU))× (PyTorch \(figure(torchDecodeRealTimePerCPU))×, ratio \(figure(decodeCPURatioToTorch, "%.2f")))",
            "codes equal to PyTorch's: \(figure(codeAgreementWithTorch.map { 100 * $0 }, "%.2f"))%",
        ] + [torchNote, codec2Note].compactMap { $0 }
        lines.append("codec".padding(toLength: 16, withPad: " ", startingAt: 0) + "kbps".leftPadded(7) + "SI-SDR dB".leftPadded(11) + "mel dist".leftPadded(10))
        for row in quality.sorted(by: { $0.kbps < $1.kbps }) {
            lines.append(row.codec.padding(toLength: 16, withPad: " ", startingAt: 0) + String(format: "%.2f", row.kbps).leftPadded(7)
                         + String(format: "%.2f", row.siSDR).leftPadded(11) + String(format: "%.3f", row.melDistance).leftPadded(10))
        }
        return lines.joined(separator: "\n")
    }
}
