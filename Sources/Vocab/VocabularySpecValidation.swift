import Formats

/// The rules every vocabulary spec obeys, checked when one is read.
extension VocabularySpec {
    /// What makes the spec invalid, or nil when it is valid.
    public func validationProblem() -> String? {
        guard format == Self.formatName else { return "format is \"\(format)\", not \"\(Self.formatName)\"" }
        guard version == Self.currentVersion else {
            return "vocab spec version \(version) is not supported (this build reads version \(Self.currentVersion))"
        }
        guard text.pieces > 0 else { return "text.pieces must be positive" }
        let checksums = [("text", text.sha256), ("image", image?.sha256), ("audio", audio?.sha256)]
        for case let (name, sha256?) in checksums where SHA256Digest(hex: sha256) == nil {
            return "\(name).sha256 is not 64 hex digits"
        }
        if let problem = specialTokenProblem() ?? geometryProblem() { return problem }
        return coverageProblem()
    }

    /// Each special token once, and exactly those the grammar needs.
    private func specialTokenProblem() -> String? {
        var required: [SpecialToken] = [.beginningOfSequence, .endOfSequence, .padding]
        if image != nil { required += [.beginningOfImage, .endOfImage] }
        if audio != nil { required += [.beginningOfAudio, .endOfAudio] }
        if image?.endOfRow == true { required.append(.endOfRow) }
        let tokens = specialTokens.map(\.token)
        if let duplicate = tokens.first(where: { token in tokens.filter { $0 == token }.count > 1 }) {
            return "special token \(duplicate.rawValue) is listed twice"
        }
        if let missing = required.first(where: { !tokens.contains($0) }) { return "special token \(missing.rawValue) is missing" }
        if let extra = tokens.first(where: { !required.contains($0) }) {
            return "special token \(extra.rawValue) is listed, but nothing in the spec uses it"
        }
        return nil
    }

    /// Positive grid, image size and audio rates; codebooks of equal, positive size per audio level.
    private func geometryProblem() -> String? {
        if let image {
            guard image.grid.count == 2, image.grid.allSatisfy({ $0 > 0 }) else { return "image.grid must be two positive numbers" }
            guard image.imageSize > 0, image.ids.count > 0 else { return "image.image_size and the image codebook must be positive" }
        }
        if let audio {
            guard let first = audio.levelIDs.first else { return "audio.level_ids is empty" }
            guard first.count > 0, audio.levelIDs.allSatisfy({ $0.count == first.count }) else {
                return "every audio level needs the same, positive number of ids"
            }
            guard audio.frameRate > 0, audio.sampleRate > 0, audio.bandwidth > 0 else {
                return "audio.frame_rate, sample_rate and bandwidth must be positive"
            }
        }
        return nil
    }

    /// The new ids (special tokens outside the text range, codebooks) cover `pieces ..< vocab_size`
    /// exactly once; special tokens reusing text ids lie inside the text range.
    private func coverageProblem() -> String? {
        var ranges = specialTokens.map { IDRange(first: $0.id, count: 1) }.filter { $0.first >= text.pieces }
        ranges += (image.map { [$0.ids] } ?? []) + (audio?.levelIDs ?? [])
        if let reused = specialTokens.first(where: { $0.id < 0 }) { return "special token \(reused.token.rawValue) has a negative id" }
        var next = text.pieces
        for range in ranges.sorted(by: { $0.first < $1.first }) {
            guard range.first == next else {
                return range.first < next ? "id \(range.first) is assigned twice"
                    : "ids \(next)..<\(range.first) are assigned to nothing (new ids must follow the text ids without gaps)"
            }
            next = range.end
        }
        guard next == vocabSize else { return "the ids end at \(next), but vocab_size is \(vocabSize)" }
        return nil
    }
}
