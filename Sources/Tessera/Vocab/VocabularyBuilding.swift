import AudioTokenizer
import Formats
import Foundation
import ImageTokenizer
import Vocab

/// Builds a vocabulary spec from the tokenizers themselves: the SentencePiece model, and the
/// image and audio tokenizers' `config.json` (codebook sizes, grid, levels) and weights (checksums).
public enum VocabularyBuilding {
    /// Which of the codec's target bandwidths codes the audio (it sets the number of RVQ levels).
    public enum AudioBandwidth: Sendable {
        /// The codec's largest target bandwidth: every level it was trained for.
        case largest
        /// The codec's smallest target bandwidth: the fewest levels.
        case smallest
        /// This many kbps.
        case kbps(Float)
    }

    /// The spec for `text` (a `.model` file or text tokenizer directory) plus the optional image and
    /// audio tokenizer directories, with paths written relative to `output`'s directory. The audio is
    /// coded at `bandwidth`; `endOfRow` puts an
    /// `<eol>` after each row of image codes.
    public static func spec(text: URL, image: URL?, audio: URL?, bandwidth: AudioBandwidth, endOfRow: Bool, output: URL) throws -> VocabularySpec {
        let base = output.deletingLastPathComponent()
        let (textSpec, textSpecials) = VocabularyLayout.text(try TextTokenizerDirectory.load(text),
                                                             path: relativePath(TextTokenizerDirectory.modelURL(for: text), from: base))
        return VocabularyLayout.make(text: textSpec, textSpecials: textSpecials,
                                     image: try image.map { try imageCodebook($0, endOfRow: endOfRow, base: base) },
                                     audio: try audio.map { try audioCodebook($0, bandwidth: bandwidth, base: base) })
    }

    private static func imageCodebook(_ directory: URL, endOfRow: Bool, base: URL) throws -> VocabularyLayout.ImageCodebook {
        let config = try JanusVQVAEConfig(contentsOf: directory.appendingPathComponent("config.json"))
        return VocabularyLayout.ImageCodebook(
            tokenizer: relativePath(directory, from: base), sha256: try TokenizerChecksum.ofModel(in: directory).hex,
            codebookSize: config.codebookSize, grid: [config.patchesPerSide, config.patchesPerSide],
            imageSize: config.patchesPerSide * config.downsamplingFactor, endOfRow: endOfRow)
    }

    private static func audioCodebook(_ directory: URL, bandwidth: AudioBandwidth, base: URL) throws -> VocabularyLayout.AudioCodebook {
        let configURL = directory.appendingPathComponent("config.json")
        let config = try EncodecConfiguration(HFConfig(contentsOf: configURL))
        let kbps: Float = switch bandwidth {
        case .largest: config.targetBandwidths.max() ?? 0
        case .smallest: config.targetBandwidths.min() ?? 0
        case .kbps(let kbps): kbps
        }
        guard kbps > 0 else { throw FormatError(configURL, "no target_bandwidths; give --bandwidth") }
        return VocabularyLayout.AudioCodebook(
            tokenizer: relativePath(directory, from: base), sha256: try TokenizerChecksum.ofModel(in: directory).hex,
            codebookSize: config.codebookSize, levels: min(config.levels(forBandwidth: kbps), config.quantizerCount),
            bandwidth: Double(kbps.description) ?? Double(kbps), frameRate: config.frameRate, sampleRate: config.samplingRate)
    }

    /// `url` relative to the directory `base` (both made absolute), with `..` steps where needed.
    static func relativePath(_ url: URL, from base: URL) -> String {
        let target = url.standardizedFileURL.pathComponents, start = base.standardizedFileURL.pathComponents
        let shared = zip(target, start).prefix { $0 == $1 }.count
        let steps = Array(repeating: "..", count: start.count - shared) + target[shared...]
        return steps.isEmpty ? "." : steps.joined(separator: "/")
    }
}
