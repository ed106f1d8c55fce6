import Formats
import Foundation
import TextTokenizer
import Vocab

/// Stages (b) and (c): a SentencePiece model trained on the captions, then the vocab spec over it,
/// the image tokenizer and (when present) the audio codec.
enum DemoTokenizers {
    /// The text tokenizer directory.
    static func textDirectory(_ settings: DemoSettings) -> URL { settings.path("text-tokenizer") }
    /// The vocab spec.
    static func vocabularyURL(_ settings: DemoSettings) -> URL { settings.path("vocab/demo.json") }

    /// Trains the text tokenizer on `captions` (one a line), small and byte-fallback so any caption encodes.
    static func trainText(on captions: URL, _ settings: DemoSettings) throws {
        let options = SentencePieceTrainingOptions(modelType: .bpe, vocabularySize: settings.textPieces, byteFallback: true,
                                                   threads: 2)
        let tokenizer = try SentencePieceTrainer.train(files: [captions], options: options)
        try TextTokenizerDirectory.write(tokenizer, options: options, data: [captions], to: textDirectory(settings))
    }

    /// Writes the vocab spec; speech is coded at the codec's lowest bandwidth (one level in the default codec,
    /// whose further levels barely lower the mel distance), so a second of speech is 50 ids.
    static func buildVocabulary(_ settings: DemoSettings) throws {
        let url = vocabularyURL(settings)
        let audio = settings.audioTokenizer.flatMap { FileManager.default.fileExists(atPath: $0.path) ? $0 : nil }
        let spec = try VocabularyBuilding.spec(text: textDirectory(settings), image: settings.imageTokenizer, audio: audio,
                                               bandwidth: .smallest, endOfRow: false, output: url)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFileOutput.save(try Vocabulary.encode(spec), to: url)
    }
}
