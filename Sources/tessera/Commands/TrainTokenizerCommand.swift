import ArgumentParser

/// `tessera train-tokenizer`: train the tokenizers themselves.
struct TrainTokenizerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-tokenizer",
        abstract: "Train a tokenizer (text or audio).",
        subcommands: [TrainTextTokenizerCommand.self, TrainAudioTokenizerCommand.self]
    )
}
