import Formats
import Foundation
import Vocab

/// Writes a mixed-modality sample to a directory: `sample.tok` (every segment with its global
/// ids) and the decoded media: `sample.txt` (text segments, one per line), `image-N.png`,
/// `audio-N.wav`.
public enum SampleOutput {
    /// Writes the files for the generated `ids`; returns the names written.
    @discardableResult
    public static func write(ids: [Int], vocabulary: Vocabulary, to directory: URL) throws -> [String] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let tokenURL = directory.appendingPathComponent("sample.tok")
        let segments = try GeneratedSegments.segments(of: ids, vocabulary: vocabulary, source: tokenURL.path)
        try TokenFile(segments: segments, vocabularyChecksum: vocabulary.checksum, globalVocabularySize: vocabulary.size).write(to: tokenURL)
        var written = ["sample.tok"]
        func part(_ modality: TokenModality) -> TokenFile { TokenFile(segments: segments.filter { $0.modality == modality }) }
        if !part(.text).segments.isEmpty {
            let tokenizer = try TextTokenizerDirectory.load(vocabulary.resolve(vocabulary.spec.text.model))
            let text = try TextTokenization.detokenize(part(.text), from: tokenURL, with: tokenizer)
            try AtomicFileOutput.save(Data((text + "\n").utf8), to: directory.appendingPathComponent("sample.txt"))
            written.append("sample.txt")
        }
        if let image = vocabulary.spec.image, !part(.image).segments.isEmpty {
            let images = try ImageTokenization(directory: vocabulary.resolve(image.tokenizer)).detokenize(part(.image), from: tokenURL)
            for (index, picture) in images.enumerated() {
                try picture.writePNG(to: directory.appendingPathComponent("image-\(index).png"))
                written.append("image-\(index).png")
            }
        }
        if let audio = vocabulary.spec.audio, !part(.audio).segments.isEmpty {
            let clips = try AudioTokenization(directory: vocabulary.resolve(audio.tokenizer)).detokenize(part(.audio), from: tokenURL)
            for (index, clip) in clips.enumerated() {
                try clip.writeWAV(to: directory.appendingPathComponent("audio-\(index).wav"))
                written.append("audio-\(index).wav")
            }
        }
        return written
    }
}
