import ArgumentParser
import Formats
import Foundation
import Vocab

/// `--vocab V.json` on commands that write or show token files: global ids from that vocabulary,
/// and refusal of files made under another.
struct VocabOption: ParsableArguments {
    @Option(help: "A vocab spec: add its global ids to every segment (a file made under another vocabulary is refused).")
    var vocab: String?

    /// `file` (read from or written to `url`) with the vocabulary's global ids, or unchanged without `--vocab`.
    func apply(_ file: TokenFile, url: URL) throws -> TokenFile {
        guard let vocab else { return file }
        return try Vocabulary(contentsOf: URL(fileURLWithPath: vocab)).withGlobalIDs(file, from: url)
    }
}
