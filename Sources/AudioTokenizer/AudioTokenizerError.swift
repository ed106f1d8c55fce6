/// Input the audio tokenizer cannot take (empty audio, a wrong level count, a code outside the codebook), as one line.
public struct AudioTokenizerError: Error, CustomStringConvertible {
    /// The problem, one line.
    public let description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
