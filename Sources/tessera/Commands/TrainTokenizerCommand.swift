import ArgumentParser

/// `tessera train-tokenizer`: train the tokenizers themselves.
struct TrainTokenizerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-tokenizer",
        abstract: "Train a tokenizer: text (SentencePiece) or image (VQ).",
        subcommands: [TrainTextTokenizerCommand.self, TrainImageTokenizerCommand.self]
    )
}
