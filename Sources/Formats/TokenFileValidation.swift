/// The rules every token file obeys, checked by both the reader and the writer.
extension TokenFile {
    /// The largest codebook size or global vocabulary size a file can hold (they are stored as UInt32,
    /// and so are the codes and ids below them).
    public static let maximumVocabularySize = Int(UInt32.max)

    /// What makes the file invalid, or nil when it is valid.
    func validationProblem() -> String? {
        guard segments.count <= Int(UInt32.max) else { return "\(segments.count) segments are more than a file can hold" }
        if let size = globalVocabularySize, !(1...Self.maximumVocabularySize).contains(size) {
            return "global vocabulary size \(size) is outside 1...\(Self.maximumVocabularySize)"
        }
        for (index, segment) in segments.enumerated() {
            if let problem = segment.validationProblem(globalVocabularySize: globalVocabularySize) {
                return "segment \(index) (\(segment.modality.rawValue)): \(problem)"
            }
        }
        return nil
    }

    /// The number of elements in `shape`, or nil when a dimension is negative or the product overflows.
    static func elementCount(of shape: [Int]) -> Int? {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { return nil }
            count = product
        }
        return count
    }
}

extension TokenSegment {
    /// What makes the segment invalid in a file whose global id space has `globalVocabularySize` ids.
    func validationProblem(globalVocabularySize: Int?) -> String? {
        guard shape.count == modality.rank else {
            return "shape \(shape) has \(shape.count) dimensions, not \(modality.rank)"
        }
        guard let count = TokenFile.elementCount(of: shape) else {
            return "shape \(shape) has a negative dimension or too many elements"
        }
        guard count == codes.count else { return "shape \(shape) holds \(count) codes, but there are \(codes.count)" }
        guard (1...TokenFile.maximumVocabularySize).contains(codebookSize) else {
            return "codebook size \(codebookSize) is outside 1...\(TokenFile.maximumVocabularySize)"
        }
        if let problem = Self.outOfRange(codes, limit: codebookSize, name: "code", space: "the codebook") { return problem }
        switch (ids, globalVocabularySize) {
        case (nil, nil):
            return nil
        case (nil, _?):
            return "has no global ids, but the file declares a global vocabulary"
        case (_?, nil):
            return "has global ids, but the file declares no global vocabulary"
        case let (ids?, size?):
            guard ids.count == codes.count else { return "has \(ids.count) global ids for \(codes.count) codes" }
            return Self.outOfRange(ids, limit: size, name: "id", space: "the global vocabulary")
        }
    }

    /// A problem naming the first of `values` outside `0..<limit`, or nil when all are inside.
    private static func outOfRange(_ values: [Int], limit: Int, name: String, space: String) -> String? {
        guard let position = values.firstIndex(where: { $0 < 0 || $0 >= limit }) else { return nil }
        return "\(name) \(values[position]) at position \(position) is outside \(space) of \(limit)"
    }
}
