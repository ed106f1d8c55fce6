import ArgumentParser
import Foundation
import Tessera

/// The options of `tessera bench audio`, and its report printing.
struct AudioBenchOptions: ParsableArguments {
    @Option(help: "The audio tokenizer directory (bench audio).")
    var tokenizer = "tokenizers/tessera-speech-16k"

    @Option(help: "Held-out audio: a manifest or a directory (bench audio).")
    var heldout = ".cache/datasets/speech-heldout.jsonl"

    @Option(help: "Held-out clips to use (bench audio).")
    var clips = 60

    @Option(help: "The PyTorch reference script; an empty value skips PyTorch (bench audio).")
    var torchScript = "tools/bench_audio_torch.py"

    @Flag(help: "Skip codec2 (bench audio).")
    var noCodec2 = false

    func run(json: Bool) throws {
        guard clips > 0 else { throw ValidationError("--clips must be positive.") }
        let benchmark = AudioCodecBenchmark(tokenizer: URL(fileURLWithPath: tokenizer), data: URL(fileURLWithPath: heldout),
                                            clipCount: clips, torchScript: torchScript.isEmpty ? nil : URL(fileURLWithPath: torchScript),
                                            runCodec2: !noCodec2)
        let report = try benchmark.run()
        print(json ? try report.json() : report.table())
    }
}
