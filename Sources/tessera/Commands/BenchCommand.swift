import ArgumentParser
import Foundation
import Tessera

/// `tessera bench`: speed figures measured against a reference in the same run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure kernels and models against references (raw OpenBLAS, PyTorch via tools/bench_torch.py).",
        discussion: "audio times the codec on held-out clips beside PyTorch (tools/bench_audio_torch.py) and measures SI-SDR and mel distance beside codec2. gemm compares `matmul` with raw cblas_sgemm in the same run; conv times convolution forward + backward. For PyTorch ratios run `python3 tools/bench_torch.py KIND`."
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case gemm, conv, attention, audio
    }

    @Argument(help: "What to measure: \(Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: Kind

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Option(help: "Seconds to spend on each case (median of repeated runs).")
    var seconds: Double = 0.5

    @OptionGroup var audio: AudioBenchOptions
    @OptionGroup var threads: ThreadsOption

    func run() throws {
        threads.apply()
        let report: BenchmarkReport
        switch kind {
        case .audio: return try audio.run(json: json)
        case .gemm: report = GEMMBenchmark.run(minimumSeconds: seconds)
        case .conv: report = ConvolutionBenchmark.run(minimumSeconds: seconds)
        case .attention: report = AttentionBenchmark.run(minimumSeconds: seconds)
        }
        print(json ? try report.json() : report.table())
    }
}
