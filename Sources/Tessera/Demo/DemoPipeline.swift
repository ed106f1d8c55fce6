import Formats
import Foundation

/// `tessera demo`: every stage from the datasets to `report.html`, each skipped when its marker
/// shows it finished in an earlier run.
public enum DemoPipeline {
    /// Runs the stages in order; returns the report's URL.
    @discardableResult
    public static func run(_ settings: DemoSettings) throws -> URL {
        try FileManager.default.createDirectory(at: settings.output, withIntermediateDirectories: true)
        let datasets = try DemoDatasets.prepare(settings)
        let (train, heldout) = (DemoDatasets.manifest("train", in: datasets), DemoDatasets.manifest("heldout", in: datasets))
        try DemoStage.run("documents", settings: settings) {
            let documents = try DemoCaptions(manifest: train, limit: settings.documentLimit)
            guard !documents.texts.isEmpty else { throw FormatError(train, "has no documents with text to train on") }
            try documents.writeCaptions(to: settings.path("captions.txt"))
            try documents.writeTextDocuments(to: settings.path("text-train.jsonl"))
            try documents.writeTraining(manifest: settings.path("train.jsonl"), audioLimit: settings.audioDocumentLimit)
            try DemoCaptions(manifest: heldout, limit: settings.documentLimit).writeTextDocuments(to: settings.path("text-heldout.jsonl"))
        }
        try DemoStage.run("text-tokenizer", settings: settings) { try DemoTokenizers.trainText(on: settings.path("captions.txt"), settings) }
        try DemoStage.run("vocab", settings: settings) { try DemoTokenizers.buildVocabulary(settings) }
        try DemoStage.run("shards", settings: settings) {
            try DemoShards.tokenize([(settings.path("text-train.jsonl"), "text-train"), (settings.path("text-heldout.jsonl"), "text-heldout"),
                                     (settings.path("train.jsonl"), "train"), (heldout, "heldout")], settings)
        }
        try DemoStage.run("base-model", settings: settings) { try DemoTraining.trainBase(settings) }
        try DemoStage.run("extend", settings: settings) { try DemoTraining.extend(settings) }
        try DemoStage.run("stage-vocab", settings: settings) { try DemoTraining.trainStage("vocab", settings) }
        try DemoStage.run("stage-full", settings: settings) { try DemoTraining.trainStage("full", settings) }
        try DemoStage.run("samples", settings: settings) { try DemoSamples.run(heldout: DemoCaptions(manifest: heldout, limit: nil), settings) }
        try DemoStage.run("evaluation", settings: settings) { try DemoRetrieval.write(settings) }
        try DemoStage.run("report", settings: settings) { try DemoReport.write(settings) }
        return settings.path("report.html")
    }
}
