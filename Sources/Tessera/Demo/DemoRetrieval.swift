import Formats
import Foundation
import Vocab

/// Stage (g): how often a generated output is nearer its own prompt's reference than the other
/// prompts' references — pixel PSNR for images, multi-scale mel distance for speech, character
/// error rate for text. Chance is 1/count for `top1` and 1/2 for `winRate`.
struct DemoRetrieval: Codable, Equatable {
    /// The direction's name (`text-to-image`, …).
    let direction: String
    /// How distance is measured.
    let measure: String
    /// Samples compared (each against every reference).
    let count: Int
    /// Fraction of samples whose own reference is the strictly nearest.
    let top1: Double
    /// Mean over samples of the fraction of other references farther than the own one (ties count half).
    let winRate: Double
    /// The standard error of `winRate` (the per-sample fractions' standard deviation over √count).
    let winRateError: Double
    /// Mean distance to the own reference, and to the other references.
    let ownDistance: Double, otherDistance: Double

    /// Scores a distance matrix: `distances[i][j]` from generated output i to reference j.
    init(direction: DemoDirection, measure: String, distances: [[Double]]) {
        let count = distances.count
        (self.direction, self.measure, self.count) = (direction.rawValue, measure, count)
        var (nearest, wins, own, other) = (0, [Double](), 0.0, 0.0)
        for (index, row) in distances.enumerated() {
            let others = row.enumerated().filter { $0.offset != index }.map(\.element)
            if others.allSatisfy({ row[index] < $0 }) { nearest += 1 }
            wins.append(others.map { row[index] < $0 ? 1 : row[index] == $0 ? 0.5 : 0 }.reduce(0, +) / Double(Swift.max(others.count, 1)))
            own += row[index]
            other += others.reduce(0, +) / Double(Swift.max(others.count, 1))
        }
        let samples = Double(Swift.max(count, 1))
        let meanWin = wins.reduce(0, +) / samples
        let variance = wins.map { ($0 - meanWin) * ($0 - meanWin) }.reduce(0, +) / Swift.max(samples - 1, 1)
        (top1, winRate, winRateError) = (Double(nearest) / samples, meanWin, (variance / samples).squareRoot())
        (ownDistance, otherDistance) = (own / samples, other / samples)
    }

    /// The file holding every direction's scores.
    static func url(_ settings: DemoSettings) -> URL { settings.path("evaluation.json") }

    /// Scores every direction with at least two samples and writes them to `output/evaluation.json`.
    static func write(_ settings: DemoSettings) throws {
        let vocabulary = try Vocabulary(contentsOf: DemoTokenizers.vocabularyURL(settings))
        let scores = try DemoSamples.directions(vocabulary).compactMap { direction -> DemoRetrieval? in
            let samples = (0..<settings.sampleCount(direction)).map { DemoSamples.directory(direction, $0, settings) }
                .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("sample.tok").path) }
            guard samples.count >= 2 else { return nil }  // nothing to tell apart
            let distance = try DemoDistance(direction, samples: samples)
            let matrix = try samples.indices.map { generated in try samples.indices.map { reference in try distance(generated, reference) } }
            return DemoRetrieval(direction: direction, measure: distance.name, distances: matrix)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFileOutput.save(try encoder.encode(scores), to: url(settings))
    }

    /// The scores written by `write`.
    static func read(_ settings: DemoSettings) throws -> [DemoRetrieval] {
        try DemoRecord.decode([DemoRetrieval].self, from: url(settings))
    }
}
