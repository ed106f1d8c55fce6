import ArgumentParser

/// `tessera tokenize`: media to token files.
struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Turn text (and, later, images and audio) into token files.",
        subcommands: [TokenizeTextCommand.self]
    )
}
