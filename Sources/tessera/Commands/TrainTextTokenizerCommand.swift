import ArgumentParser
import Foundation
import Tessera
import TextTokenizer

/// `tessera train-tokenizer text`: a SentencePiece model trained on text files.
struct TrainTextTokenizerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Train a SentencePiece tokenizer on UTF-8 text files (one sentence a line).",
        discussion: "Writes DIR/tokenizer.model and DIR/training.json. Training is deterministic for the same data, "
            + "options and thread count (unigram results depend on --threads)."
    )

    @Option(parsing: .upToNextOption, help: "UTF-8 text files to train on.")
    var data: [String]

    @Option(name: [.short, .customLong("output")], help: "The tokenizer directory to write.")
    var output: String

    @Option(help: "The number of pieces, special pieces included.")
    var vocabSize = 8000

    @Option(help: "unigram or bpe.")
    var modelType: SentencePieceTrainingOptions.ModelType = .unigram

    @Flag(help: "Encode characters outside the vocabulary as UTF-8 byte pieces instead of <unk>.")
    var byteFallback = false

    @Option(help: "Comma-separated pieces that are never split (for example <sep>,<tag>).")
    var userSymbols: String?

    @Option(help: "Text normalization: \(SentencePieceTrainingOptions.NormalizationRule.allCases.map(\.rawValue).joined(separator: ", ")).")
    var normalization: SentencePieceTrainingOptions.NormalizationRule = .nmtNFKC

    @Option(help: "The share of characters the vocabulary must cover.")
    var characterCoverage = 0.9995

    @Option(help: "Sample this many sentences from the data (with a fixed seed); 0 uses all.")
    var inputSentenceSize = 0

    @Option(help: "Training threads (part of the recipe: unigram results depend on it).")
    var threads = 16

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    var options: SentencePieceTrainingOptions {
        SentencePieceTrainingOptions(
            modelType: modelType, vocabularySize: vocabSize, byteFallback: byteFallback,
            userDefinedSymbols: userSymbols.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) } ?? [],
            normalizationRule: normalization, characterCoverage: characterCoverage, inputSentenceSize: inputSentenceSize, threads: threads)
    }

    func validate() throws {
        guard !data.isEmpty else { throw ValidationError("Give at least one --data file.") }
        if let problem = options.problem { throw ValidationError(problem) }
    }

    func run() throws {
        let files = data.map { URL(fileURLWithPath: $0) }
        let directory = URL(fileURLWithPath: output)
        let status = StatusLine(quiet: quiet)
        status.progress("training a \(modelType.rawValue) tokenizer of \(vocabSize) pieces on \(files.count) file\(files.count == 1 ? "" : "s")…")
        let started = Date()
        let tokenizer = try SentencePieceTrainer.train(files: files, options: options, logWarnings: !quiet)
        try TextTokenizerDirectory.write(tokenizer, options: options, data: files, to: directory)
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        status.result("wrote \(directory.appendingPathComponent(TextTokenizerDirectory.modelFileName).path) "
            + "(\(tokenizer.vocabularySize) pieces, sha256 \(tokenizer.checksum.hex.prefix(12))…) in \(seconds) s")
    }
}

extension SentencePieceTrainingOptions.ModelType: ExpressibleByArgument {}
extension SentencePieceTrainingOptions.NormalizationRule: ExpressibleByArgument {}
