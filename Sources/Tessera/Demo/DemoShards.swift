import Foundation
import Vocab

/// Stage (d): manifests to Megatron shards (`output/shards/NAME.bin` + `.idx`) with the demo's vocab spec.
enum DemoShards {
    /// The prefix of the shards named `name`.
    static func prefix(_ name: String, _ settings: DemoSettings) -> URL { settings.path("shards/\(name)") }

    /// Tokenizes the first documents of `manifest` (all but in quick runs) into the shards `name`.
    static func tokenize(_ manifest: URL, as name: String, _ settings: DemoSettings) throws {
        let vocabulary = try Vocabulary(contentsOf: DemoTokenizers.vocabularyURL(settings))
        var options = DatasetTokenizationOptions(manifest: manifest, prefix: prefix(name, settings))
        (options.workers, options.limit, options.onError, options.quiet) =
            (ProcessInfo.processInfo.activeProcessorCount, settings.documentLimit, .skip, settings.quiet)
        let summary = try DatasetTokenization.run(options, tokenizers: DatasetTokenizers(vocabulary: vocabulary))
        DemoStage.status("\(name): \(summary.written) documents, \(summary.tokens) tokens, \(summary.skipped.count) skipped", settings: settings)
    }
}
