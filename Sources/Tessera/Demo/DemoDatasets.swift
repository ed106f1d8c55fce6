import Formats
import Foundation

/// Stage (a): the datasets, reused when `settings.datasets` has them, else built by
/// `tools/build_datasets.py` under `output/data` (64-pixel images only, and only as much speech as
/// the demo trains on).
enum DemoDatasets {
    /// The manifest of `split` (train or heldout) documents.
    static func manifest(_ split: String, in directory: URL) -> URL {
        directory.appendingPathComponent("documents-64-\(split).jsonl")
    }

    /// The directory holding the manifests, building it when needed.
    static func prepare(_ settings: DemoSettings) throws -> URL {
        if FileManager.default.fileExists(atPath: manifest("train", in: settings.datasets).path) { return settings.datasets }
        let built = settings.path("data")
        try DemoStage.run("datasets", settings: settings) {
            let script = URL(fileURLWithPath: "tools/build_datasets.py")
            do {
                _ = try ExternalProgram.run("python3", [script.path, "--out", built.path, "--image-size", "64",
                                                        "--limit-speech", "\(settings.speechClipLimit)"], showingProgress: !settings.quiet)
            } catch let error as BenchmarkError {
                throw FormatError(script, "could not build the datasets (\(error.description)); run from the repository root after "
                    + "`bash tools/install-deps.sh --demo`")
            }
        }
        guard FileManager.default.fileExists(atPath: manifest("train", in: built).path) else {
            throw FormatError(manifest("train", in: built), "missing after tools/build_datasets.py (run it from the repository root)")
        }
        return built
    }
}
