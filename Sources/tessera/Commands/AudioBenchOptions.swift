import ArgumentParser
import Foundation
import Tessera

/// The option of `tessera bench audio` beyond the shared tokenizer-benchmark ones, and its report printing.
struct AudioBenchOptions: ParsableArguments {
    @Flag(help: "audio: skip codec2.")
    var noCodec2 = false

    /// Runs the benchmark: `shared` names the codec, the held-out clips (`--limit`, default 60) and whether to run the references.
    func run(json: Bool, shared: TokenizerBenchOptions) throws {
        let clips = shared.limit ?? 60
        guard clips > 0 else { throw ValidationError("--limit must be positive for bench audio.") }
        let benchmark = AudioCodecBenchmark(
            tokenizer: shared.tokenizerURL(default: "tokenizers/tessera-speech-16k"),
            data: shared.heldoutURL(default: ".cache/datasets/speech-heldout.jsonl"), clipCount: clips,
            torchScript: shared.noReference ? nil : URL(fileURLWithPath: "tools/bench_audio_torch.py"),
            runCodec2: !noCodec2 && !shared.noReference)
        let report = try benchmark.run()
        print(json ? try report.json() : report.table())
    }
}
