import ArgumentParser
import Formats
import Foundation
import Tessera

/// `tessera tokens show`: a token file's segments, readable or as JSON.
struct TokensShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a token file's segments.",
        discussion: #"--json prints {"segments":[{"modality":"text","shape":[N],"codes":[…]}]}, with "ids" per segment when the file carries global ids."#
    )

    @Argument(help: "The token file.")
    var input: String

    @Flag(help: "Print the segments as one line of JSON.")
    var json = false

    @OptionGroup var vocabulary: VocabOption

    func run() throws {
        let url = URL(fileURLWithPath: input)
        let file = try vocabulary.apply(TokenFile(contentsOf: url), url: url)
        print(json ? TokenFileDescription.json(file) : TokenFileDescription.summary(file, name: input))
    }
}
