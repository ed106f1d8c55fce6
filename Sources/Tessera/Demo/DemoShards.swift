import Foundation
import Vocab

/// Stage (d): manifests to Megatron shards (`output/shards/NAME.bin` + `.idx`) with the demo's vocab spec.
enum DemoShards {
    /// The prefix of the shards named `name`.
    static func prefix(_ name: String, _ settings: DemoSettings) -> URL { settings.path("shards/\(name)") }

    /// Tokenizes each (manifest, name) pair into the shards `name` with one set of tokenizers (so a
    /// media file shared by two manifests is encoded once); the first documents only in quick runs.
    static func tokenize(_ manifests: [(URL, String)], _ settings: DemoSettings) throws {
        let tokenizers = try DatasetTokenizers(vocabulary: Vocabulary(contentsOf: DemoTokenizers.vocabularyURL(settings)))
        for (manifest, name) in manifests {
            var options = DatasetTokenizationOptions(manifest: manifest, prefix: prefix(name, settings))
            (options.workers, options.limit, options.onError, options.quiet) =
                (ProcessInfo.processInfo.activeProcessorCount, settings.documentLimit, .skip, settings.quiet)
            let summary = try DatasetTokenization.run(options, tokenizers: tokenizers)
            DemoStage.status("\(name): \(summary.written) documents, \(summary.tokens) tokens, \(summary.skipped.count) skipped", settings: settings)
        }
    }
}
