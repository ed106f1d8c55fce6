import ArgumentParser
import Foundation
import Tessera

/// `tessera demo`: the whole loop on the default datasets, ending in an HTML report.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build the datasets, tokenizers, vocab and shards, train a small model in stages, sample text↔image and text↔speech, and write OUT/report.html.",
        discussion: "Run from the repository root. Each finished stage leaves OUT/stages/NAME.done, so a rerun skips it."
    )

    @Option(name: [.short, .customLong("out")], help: "The output directory.") var out = "demo"
    @Option(help: "A directory with documents-64-{train,heldout}.jsonl (built under OUT/data when missing).")
    var datasets = ".cache/datasets"
    @Option(help: "The image tokenizer directory.") var imageTokenizer = "tokenizers/image-vq64"
    @Option(help: "The audio codec directory (left out of the vocab when missing).") var audioTokenizer = "tokenizers/tessera-speech-16k"
    @Flag(help: "Tiny sizes: a smoke test in seconds.") var quick = false
    @Flag(help: "Print nothing but errors.") var quiet = false
    @OptionGroup var threads: ThreadsOption

    func run() throws {
        threads.apply()
        var settings = DemoSettings(output: URL(fileURLWithPath: out), datasets: URL(fileURLWithPath: datasets),
                                    imageTokenizer: URL(fileURLWithPath: imageTokenizer), audioTokenizer: URL(fileURLWithPath: audioTokenizer))
        (settings.quick, settings.quiet) = (quick, quiet)
        let report = try DemoPipeline.run(settings)
        StatusLine(quiet: quiet).result("wrote \(report.path)")
    }
}
