import Formats

/// Token segments (codes in a tokenizer's own index space) as global ids.
extension Vocabulary {
    /// The global ids of `segment`'s codes, one per code in the segment's own order (row-major
    /// image, level-major audio), as token files store them. Throws `FormatError` naming `source`
    /// when the segment does not fit the vocabulary (a modality it lacks, another codebook size, an
    /// image grid or number of audio levels other than the spec's).
    public func globalIDs(of segment: TokenSegment, source: String) throws -> [Int] {
        if let problem = fitProblem(segment) { throw FormatError(path: source, problem: problem) }
        let frames = Swift.max(segment.shape.last ?? 1, 1)
        return try segment.codes.enumerated().map { index, code in
            let token: VocabularyToken
            switch segment.modality {
            case .text: token = .text(code)
            case .image: token = .image(code)
            case .audio: token = .audio(level: index / frames, code: code)  // level-major codes
            }
            guard let id = id(for: token) else {
                throw FormatError(path: source, problem: "\(segment.modality.rawValue) code \(code) at position \(index) is outside its codebook")
            }
            return id
        }
    }

    /// The segment as it appears in a document's id stream: text ids as they are; `<boi>` + the image
    /// ids row by row (each row followed by `<eol>` when enabled) + `<eoi>`; `<boa>` + the audio ids
    /// frame-major (each frame's levels in order) + `<eoa>`.
    public func sequence(of segment: TokenSegment, source: String) throws -> [Int] {
        let ids = try globalIDs(of: segment, source: source)
        switch segment.modality {
        case .text:
            return ids
        case .image:
            let columns = segment.shape[1]
            guard spec.image!.endOfRow else { return [id(.beginningOfImage)] + ids + [id(.endOfImage)] }
            let rows = stride(from: 0, to: ids.count, by: columns).flatMap { ids[$0..<($0 + columns)] + [id(.endOfRow)] }
            return [id(.beginningOfImage)] + rows + [id(.endOfImage)]
        case .audio:
            let (levels, frames) = (segment.shape[0], segment.shape[1])
            let frameMajor = (0..<frames).flatMap { frame in (0..<levels).map { level in ids[level * frames + frame] } }
            return [id(.beginningOfAudio)] + frameMajor + [id(.endOfAudio)]
        }
    }

    /// Why `segment` cannot be written with this vocabulary, or nil when it can.
    private func fitProblem(_ segment: TokenSegment) -> String? {
        let name = segment.modality.rawValue
        let codebook: Int
        switch segment.modality {
        case .text:
            codebook = spec.text.pieces
        case .image:
            guard let image = spec.image else { return "the vocabulary has no image codebook" }
            guard segment.shape == image.grid else {
                return "an image segment of \(segment.shape[0])×\(segment.shape[1]) codes, but the vocabulary's grid is "
                    + "\(image.grid[0])×\(image.grid[1])"
            }
            codebook = image.ids.count
        case .audio:
            guard let audio = spec.audio else { return "the vocabulary has no audio codebooks" }
            guard segment.shape[0] == audio.levelIDs.count else {
                return "an audio segment of \(segment.shape[0]) levels, but the vocabulary has \(audio.levelIDs.count)"
            }
            codebook = audio.levelIDs[0].count
        }
        guard segment.codebookSize == codebook else {
            return "a \(name) segment with a codebook of \(segment.codebookSize), but the vocabulary's has \(codebook)"
        }
        return nil
    }
}
