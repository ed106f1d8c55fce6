import ArgumentParser
import Foundation
import Tessera
import Vocab

/// `tessera vocab show`: a vocabulary's id ranges, special tokens and tokenizers.
struct VocabShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a vocab spec's id ranges, special tokens and tokenizers."
    )

    @Argument(help: "The vocab spec (JSON).")
    var vocab: String

    @Flag(help: "Print the spec as JSON, with its sha256.")
    var json = false

    func run() throws {
        let vocabulary = try Vocabulary(contentsOf: URL(fileURLWithPath: vocab))
        print(json ? try VocabularyDescription.json(vocabulary) : VocabularyDescription.summary(vocabulary))
    }
}
