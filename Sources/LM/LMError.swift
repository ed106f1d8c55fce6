/// Input the language model cannot take (an id outside the vocabulary, a sequence longer than
/// the context), as one line.
public struct LMError: Error, CustomStringConvertible {
    /// The problem, one line.
    public let description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
