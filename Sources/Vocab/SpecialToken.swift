/// The control tokens of the extended vocabulary: sequence ends, padding, and the brackets around
/// image and audio segments.
public enum SpecialToken: String, CaseIterable, Codable, Sendable {
    /// Beginning of a document.
    case beginningOfSequence = "<bos>"
    /// End of a document.
    case endOfSequence = "<eos>"
    /// Padding.
    case padding = "<pad>"
    /// Opens an image segment.
    case beginningOfImage = "<boi>"
    /// Closes an image segment.
    case endOfImage = "<eoi>"
    /// Opens an audio segment.
    case beginningOfAudio = "<boa>"
    /// Closes an audio segment.
    case endOfAudio = "<eoa>"
    /// Ends each row of image codes, when the vocabulary enables it.
    case endOfRow = "<eol>"
}
