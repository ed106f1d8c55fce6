import Formats
import Foundation
import Vocab

/// Writes a mixed-modality sample to a directory: `sample.tok` (every segment with its global
/// ids) and the decoded media: `sample.txt` (text segments, one per line), `image-N.png`,
/// `audio-N.wav`.
public enum SampleOutput {
    /// Writes the files for the generated `ids`, decoded by `tokenizers`; returns the names written.
    /// Everything is decoded before the first file is written, so a failure leaves no files.
    @discardableResult
    public static func write(ids: [Int], tokenizers: DatasetTokenizers, to directory: URL) throws -> [String] {
        let vocabulary = tokenizers.vocabulary
        let tokenURL = directory.appendingPathComponent("sample.tok")
        let segments = try GeneratedSegments.segments(of: ids, vocabulary: vocabulary, source: tokenURL.path)
        func part(_ modality: TokenModality) -> TokenFile { TokenFile(segments: segments.filter { $0.modality == modality }) }
        var files: [(name: String, write: (URL) throws -> Void)] = [("sample.tok", { url in
            try TokenFile(segments: segments, vocabularyChecksum: vocabulary.checksum, globalVocabularySize: vocabulary.size).write(to: url)
        })]
        if !part(.text).segments.isEmpty {
            let text = try TextTokenization.detokenize(part(.text), from: tokenURL, with: tokenizers.text)
            files.append(("sample.txt", { try AtomicFileOutput.save(Data((text + "\n").utf8), to: $0) }))
        }
        if let image = tokenizers.image, !part(.image).segments.isEmpty {
            let images = try image.detokenize(part(.image), from: tokenURL)
            files += images.enumerated().map { index, picture in ("image-\(index).png", { try picture.writePNG(to: $0) }) }
        }
        if let audio = tokenizers.audio, !part(.audio).segments.isEmpty {
            let clips = try audio.detokenize(part(.audio), from: tokenURL)
            files += clips.enumerated().map { index, clip in ("audio-\(index).wav", { try clip.writeWAV(to: $0) }) }
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for file in files { try file.write(directory.appendingPathComponent(file.name)) }
        return files.map(\.name)
    }
}
