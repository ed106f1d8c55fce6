import ArgumentParser

/// `tessera vocab`: extended vocabularies.
struct VocabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vocab",
        abstract: "Build, show and apply extended vocabularies (one id space for text, image and audio tokens).",
        subcommands: [VocabBuildCommand.self, VocabShowCommand.self, VocabExtendCommand.self]
    )
}
