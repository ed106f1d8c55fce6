import AudioTokenizer
import Foundation
import ImageTokenizer
import Media
import Tensor

/// The distance from sample i's generated output to sample j's reference, on outputs loaded once.
struct DemoDistance {
    /// How the distance is measured, for the report.
    let name: String
    private let measure: (Int, Int) throws -> Double

    /// Loads the generated outputs and the references of `samples` (sample directories of `direction`).
    init(_ direction: DemoDirection, samples: [URL]) throws {
        let generatedName = DemoSamples.generatedName(direction)
        let referenceName = "reference." + DemoDirection.fileExtension(direction.output)
        func file(_ directory: URL, _ name: String) -> URL { directory.appendingPathComponent(name) }
        switch direction.output {
        case .image:
            name = "pixel mean squared error, values in [0, 1] (lower PSNR is farther)"
            let decoder = PNGDecoder()
            let generated = try samples.map { try decoder.decode(file($0, generatedName)) }
            let references = try samples.map {
                try decoder.decode(file($0, referenceName)).resized(width: generated[0].width, height: generated[0].height)
            }
            measure = { ImageQuality.meanSquaredError(references[$1], generated[$0]) }
        case .audio:
            name = "multi-scale mel distance (the generated clip cut or padded to the reference's length)"
            let rate = 16_000, decoder = AudioDecoder(), mel = MultiScaleMelDistance(sampleRate: rate)
            let generated = try samples.map { directory -> [Float] in
                let url = file(directory, generatedName)
                return FileManager.default.fileExists(atPath: url.path) ? try decoder.decode(url, sampleRate: rate).samples : []
            }
            let references = try samples.map { try decoder.decode(file($0, referenceName), sampleRate: rate).samples }
            measure = { generatedIndex, referenceIndex in
                let length = Swift.max(references[referenceIndex].count, mel.minimumSamples)
                let fitted = { (samples: [Float]) in  // [1, length]: cut, or padded with silence
                    Tensor(shape: [1, length], values: Array((samples + Array(repeating: 0, count: length)).prefix(length)))
                }
                return Double(mel(fitted(generated[generatedIndex]), fitted(references[referenceIndex])).item)
            }
        case .text:
            name = "character error rate (edit distance / reference length, lower-cased)"
            let read = { (url: URL) -> [Character] in
                (try? String(contentsOf: url, encoding: .utf8)).map { Array($0.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)) } ?? []
            }
            let generated = samples.map { read(file($0, generatedName)) }, references = samples.map { read(file($0, referenceName)) }
            measure = { Double(Self.editDistance(generated[$0], references[$1])) / Double(Swift.max(references[$1].count, 1)) }
        }
    }

    /// The distance from sample `generated`'s output to sample `reference`'s reference.
    func callAsFunction(_ generated: Int, _ reference: Int) throws -> Double { try measure(generated, reference) }

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
