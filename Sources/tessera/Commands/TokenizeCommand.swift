import ArgumentParser

/// `tessera tokenize`: media to token files.
struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Turn images, audio and text into token files, and manifests of documents into training shards.",
        subcommands: [TokenizeImageCommand.self, TokenizeAudioCommand.self, TokenizeTextCommand.self, TokenizeDatasetCommand.self]
    )
}
