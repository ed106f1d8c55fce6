import ArgumentParser

/// `tessera tokens`: look inside token files.
struct TokensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Inspect token files.",
        subcommands: [TokensShowCommand.self, TokensDatasetCommand.self]
    )
}
