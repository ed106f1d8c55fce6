import ArgumentParser
import Foundation
import Formats
import Tessera

/// `tessera bench`: speed figures measured against a reference in the same run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure kernels and models against references (raw OpenBLAS, PyTorch, JPEG, codec2).",
        discussion: "gemm compares `matmul` with raw cblas_sgemm in the same run; conv and attention time forward + backward "
            + "(PyTorch ratios: `python3 tools/bench_torch.py KIND`). image times the image tokenizer against PyTorch on the "
            + "same weights and threads and compares its rate–distortion with JPEG and a thumbnail (tools/bench_image_reference.py). "
            + "audio times the codec on held-out clips beside PyTorch (tools/bench_audio_torch.py) and measures SI-SDR and mel "
            + "distance beside codec2. dataset tokenizes a manifest with 1 and 2 workers. train and sample time a 40M-parameter "
            + "random Llama against PyTorch eager (tools/bench_lm_reference.py) and llama.cpp (tools/llama_greedy.cpp built as --llama-greedy)."
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case gemm, conv, attention, image, audio, dataset, train, sample
    }

    @Argument(help: "What to measure: \(Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: Kind

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Option(help: "Seconds to spend on each case (median of repeated runs).")
    var seconds: Double = 0.5

    @OptionGroup(title: "Tokenizer benchmarks") var tokenizerOptions: TokenizerBenchOptions
    @OptionGroup var dataset: DatasetBenchOptions
    @OptionGroup var audio: AudioBenchOptions
    @Option(help: "sample: the built tools/llama_greedy.cpp (see docs/lm.md).") var llamaGreedy = ".build/llama_greedy"
    @OptionGroup var threads: ThreadsOption

    func run() throws {
        threads.apply()
        switch kind {
        case .gemm: try print(format(GEMMBenchmark.run(minimumSeconds: seconds)))
        case .conv: try print(format(ConvolutionBenchmark.run(minimumSeconds: seconds)))
        case .attention: try print(format(AttentionBenchmark.run(minimumSeconds: seconds)))
        case .audio: try audio.run(json: json, shared: tokenizerOptions)
        case .dataset: try dataset.run(json: json, limit: tokenizerOptions.limit)
        case .train, .sample:
            var benchmark = LanguageModelBenchmark(kind: kind == .train ? .train : .sample)
            benchmark.referenceScript = tokenizerOptions.noReference ? nil : URL(fileURLWithPath: "tools/bench_lm_reference.py")
            benchmark.llamaGreedy = URL(fileURLWithPath: llamaGreedy)
            benchmark.tokenizer = URL(fileURLWithPath: "Tests/TextTokenizerTests/Fixtures/unigram.model")
            print(try format(benchmark.run { StatusLine(quiet: json).progress($0) }))
        case .image:
            var benchmark = ImageTokenizerBenchmark(tokenizer: tokenizerOptions.tokenizerURL(default: "tokenizers/image-vq64"),
                                                    heldout: tokenizerOptions.heldoutURL(default: ".cache/datasets/images-64-heldout.jsonl"))
            (benchmark.batch, benchmark.seconds, benchmark.limit) = (tokenizerOptions.batch, Swift.max(seconds, 2), tokenizerOptions.limit.flatMap { $0 > 0 ? $0 : nil })
            benchmark.referenceScript = tokenizerOptions.noReference ? nil : URL(fileURLWithPath: "tools/bench_image_reference.py")
            let report = try benchmark.run { StatusLine(quiet: json).progress($0) }
            print(json ? try JSONFile.text(report) : report.table())
        }
    }

    private func format(_ report: BenchmarkReport) throws -> String { json ? try report.json() : report.table() }
}

/// The options of `bench image|audio`: which tokenizer, which held-out data, how much.
struct TokenizerBenchOptions: ParsableArguments {
    @Option(help: "Tokenizer directory (default: the trained default under tokenizers/).") var tokenizer: String?
    @Option(help: "Held-out media: a folder or a JSONL manifest (default: the default dataset's held-out split).") var heldout: String?
    @Option(help: "Items per timed call.") var batch = 8
    @Option(help: "image/audio: measure quality on at most this many held-out items; dataset: tokenize the first N documents (default 400, 0: all).")
    var limit: Int?
    @Flag(help: "Skip the reference measurements (PyTorch and the classic codecs).") var noReference = false

    func tokenizerURL(default path: String) -> URL { URL(fileURLWithPath: tokenizer ?? path) }
    func heldoutURL(default path: String) -> URL { URL(fileURLWithPath: heldout ?? path) }

    func validate() throws {
        if batch < 1 { throw ValidationError("--batch must be at least 1") }
        if let limit, limit < 0 { throw ValidationError("--limit must not be negative") }
    }
}
