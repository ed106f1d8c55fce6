import ArgumentParser
import Foundation
import Tessera
import Vocab

/// `tessera vocab extend`: a Hugging Face Llama checkpoint grown to an extended vocabulary.
struct VocabExtendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extend",
        abstract: "Resize a Llama checkpoint's embed_tokens and lm_head to a vocab spec's size (new rows as HF's mean_resizing).",
        discussion: "The base model's vocab_size must equal the spec's text pieces. Old rows, and so the logits of old "
            + "tokens, are unchanged; every other tensor and file is copied."
    )

    @Option(help: "The base model directory (config.json + model.safetensors, or sharded with model.safetensors.index.json).")
    var model: String

    @Option(help: "The vocab spec (JSON).")
    var vocab: String

    @Option(name: [.short, .customLong("output")], help: "The directory to write the extended model to.")
    var output: String

    @Option(help: "Seed of the new rows' noise.")
    var seed: UInt64 = 0

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        let vocabulary = try Vocabulary(contentsOf: URL(fileURLWithPath: vocab))
        let summary = try EmbeddingExtension.extend(model: URL(fileURLWithPath: model), vocabulary: vocabulary,
                                                    output: URL(fileURLWithPath: output), seed: seed)
        StatusLine(quiet: quiet).result("wrote \(output): \(summary.resized.joined(separator: ", ")) resized from \(summary.oldRows) "
            + "to \(summary.newRows) rows\(summary.tied ? " (lm_head tied to embed_tokens)" : "")")
    }
}
