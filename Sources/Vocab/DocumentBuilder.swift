import Formats

/// Turns the parts of one document into its id stream: `<bos>`, each part as
/// `Vocabulary.sequence(of:source:)` lays it out, `<eos>`.
public struct DocumentBuilder: Sendable {
    /// The vocabulary the ids belong to.
    public let vocabulary: Vocabulary

    /// A builder for `vocabulary`.
    public init(vocabulary: Vocabulary) {
        self.vocabulary = vocabulary
    }

    /// The ids of a document made of `parts` in order; errors name `source`.
    public func ids(for parts: [TokenSegment], source: String) throws -> [Int] {
        var ids = [vocabulary.id(.beginningOfSequence)]
        for part in parts { ids += try vocabulary.sequence(of: part, source: source) }
        ids.append(vocabulary.id(.endOfSequence))
        return ids
    }
}
