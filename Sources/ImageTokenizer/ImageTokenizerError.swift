/// Input the image tokenizer cannot take (a bad image size, a code outside the codebook), as one line.
public struct ImageTokenizerError: Error, CustomStringConvertible {
    /// The problem, one line.
    public let description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
