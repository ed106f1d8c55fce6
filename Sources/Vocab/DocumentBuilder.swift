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
        try idsAndLossMask(for: parts, inLoss: parts.map { _ in true }, source: source).ids
    }

    /// The ids of a document made of `parts`, and for each id whether a model learns to predict it:
    /// never `<bos>`; each part's ids (its brackets included) when `inLoss` says so for the part;
    /// `<eos>` as the last part.
    public func idsAndLossMask(for parts: [TokenSegment], inLoss: [Bool], source: String) throws -> (ids: [Int], mask: [Bool]) {
        precondition(inLoss.count == parts.count, "one loss flag per part")
        var ids = [vocabulary.id(.beginningOfSequence)], mask = [false]
        for (part, flag) in zip(parts, inLoss) {
            let sequence = try vocabulary.sequence(of: part, source: source)
            ids += sequence
            mask += Array(repeating: flag, count: sequence.count)
        }
        ids.append(vocabulary.id(.endOfSequence))
        mask.append(inLoss.last ?? true)
        return (ids, mask)
    }
}
