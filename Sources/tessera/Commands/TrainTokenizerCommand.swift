import ArgumentParser

/// `tessera train-tokenizer`: train the tokenizers themselves.
struct TrainTokenizerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-tokenizer",
        abstract: "Train a tokenizer: text (SentencePiece), image (VQ) or audio (codec).",
        subcommands: [TrainTextTokenizerCommand.self, TrainImageTokenizerCommand.self, TrainAudioTokenizerCommand.self]
    )
}
