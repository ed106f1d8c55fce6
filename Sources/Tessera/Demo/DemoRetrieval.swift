import AudioTokenizer
import Formats
import Foundation
import Media
import Tensor
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

    /// Scores every direction sampled and writes them to `output/evaluation.json`.
    static func write(_ settings: DemoSettings) throws {
        let vocabulary = try Vocabulary(contentsOf: DemoTokenizers.vocabularyURL(settings))
        let scores = try DemoSamples.directions(vocabulary).map { direction in
            let samples = (0..<settings.sampleCount(direction)).map { DemoSamples.directory(direction, $0, settings) }
                .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("sample.tok").path) }
            let distance = try DemoDistance(direction.output, samples: samples)
            let matrix = try samples.indices.map { generated in try samples.indices.map { reference in try distance(generated, reference) } }
            return DemoRetrieval(direction: direction, measure: distance.name, distances: matrix)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFileOutput.save(try encoder.encode(scores), to: url(settings))
    }

    /// The scores written by `write`.
    static func read(_ settings: DemoSettings) throws -> [DemoRetrieval] {
        try JSONDecoder().decode([DemoRetrieval].self, from: Data(contentsOf: url(settings)))
    }
}

/// The distance from sample i's generated output to sample j's reference, on outputs loaded once.
struct DemoDistance {
    let name: String
    private let measure: (Int, Int) throws -> Double

    /// Loads the generated outputs and the references of `samples` (sample directories).
    init(_ modality: DemoDirection.Modality, samples: [URL]) throws {
        func file(_ directory: URL, _ name: String) -> URL { directory.appendingPathComponent(name) }
        switch modality {
        case .image:
            name = "pixel mean squared error (lower PSNR is farther)"
            let decoder = PNGDecoder()
            let generated = try samples.map { try decoder.decode(file($0, "image-0.png")) }
            let references = try samples.map { try decoder.decode(file($0, "reference.png")).resized(width: generated[0].width, height: generated[0].height) }
            measure = { Self.meanSquaredError(generated[$0], references[$1]) }
        case .audio:
            name = "multi-scale mel distance (the generated clip cut or padded to the reference's length)"
            let rate = 16_000, decoder = AudioDecoder(), mel = MultiScaleMelDistance(sampleRate: rate)
            let generated = try samples.map { directory -> [Float] in
                let url = file(directory, "audio-0.wav")
                return FileManager.default.fileExists(atPath: url.path) ? try decoder.decode(url, sampleRate: rate).samples : []
            }
            let references = try samples.map { try decoder.decode(file($0, "reference.wav"), sampleRate: rate).samples }
            measure = { generatedIndex, referenceIndex in
                let length = Swift.max(references[referenceIndex].count, mel.minimumSamples)
                let fitted = { (samples: [Float]) in Tensor(shape: [1, length], values: Array((samples + Array(repeating: 0, count: length)).prefix(length))) }
                return Double(mel(fitted(generated[generatedIndex]), fitted(references[referenceIndex])).item)
            }
        case .text:
            name = "character error rate (edit distance / reference length, lower-cased)"
            let read = { (url: URL) in (try? String(contentsOf: url, encoding: .utf8)).map { Array($0.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)) } ?? [] }
            let generated = samples.map { read(file($0, "sample.txt")) }, references = samples.map { read(file($0, "reference.txt")) }
            measure = { Double(Self.editDistance(generated[$0], references[$1])) / Double(Swift.max(references[$1].count, 1)) }
        }
    }

    func callAsFunction(_ generated: Int, _ reference: Int) throws -> Double { try measure(generated, reference) }

    /// Mean squared difference of the 8-bit channels of two images of one size.
    static func meanSquaredError(_ first: RGBImage, _ second: RGBImage) -> Double {
        zip(first.pixels, second.pixels).reduce(0.0) { total, pair in
            let difference = Double(pair.0) - Double(pair.1)
            return total + difference * difference
        } / Double(Swift.max(first.pixels.count, 1))
    }

    /// Levenshtein distance: insertions, deletions and substitutions, each costing one.
    static func editDistance(_ first: [Character], _ second: [Character]) -> Int {
        var previous = Array(0...second.count)
        for (row, character) in first.enumerated() {
            var current = [row + 1]
            for (column, other) in second.enumerated() {
                current.append(Swift.min(previous[column + 1] + 1, current[column] + 1, previous[column] + (character == other ? 0 : 1)))
            }
            previous = current
        }
        return previous[second.count]
    }
}
