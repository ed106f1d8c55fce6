import Formats
import Foundation
import Vocab

/// A generated id stream split back into token segments (the inverse of the vocabulary's
/// document layout): text pieces, `<boi>`…`<eoi>` image grids and `<boa>`…`<eoa>` audio frames.
public enum GeneratedSegments {
    /// The segments of `ids` with their global ids; special tokens outside segments are dropped.
    /// Throws a one-line `FormatError` naming `source` when a segment breaks the grammar or is cut off.
    public static func segments(of ids: [Int], vocabulary: Vocabulary, source: String) throws -> [TokenSegment] {
        var segments: [TokenSegment] = [], text: [Int] = [], open: (opener: SpecialToken, ids: [Int])?
        func fail(_ problem: String) -> FormatError { FormatError(path: source, problem: problem) }
        func flushText() {
            if !text.isEmpty { segments.append(TokenSegment(text: text, vocabularySize: vocabulary.spec.text.pieces, ids: text)) }
            text = []
        }
        for id in ids {
            let token = vocabulary.token(for: id)
            if var segment = open {
                switch token {
                case .special(.endOfImage) where segment.opener == .beginningOfImage:
                    segments.append(try image(segment.ids, vocabulary: vocabulary, fail: fail))
                    open = nil
                case .special(.endOfAudio) where segment.opener == .beginningOfAudio:
                    segments.append(try audio(segment.ids, vocabulary: vocabulary, fail: fail))
                    open = nil
                case .special(.endOfRow): continue
                case .image where segment.opener == .beginningOfImage, .audio where segment.opener == .beginningOfAudio:
                    segment.ids.append(id)
                    open = segment
                default: throw fail("id \(id) inside a \(segment.opener.rawValue) segment breaks the grammar")
                }
                continue
            }
            switch token {
            case .text(let piece): text.append(piece)
            case .special(let special) where special == .beginningOfImage || special == .beginningOfAudio:
                flushText()
                open = (special, [])
            case .special: continue
            case .image, .audio, nil: throw fail("id \(id) outside a segment breaks the grammar")
            }
        }
        if let open { throw fail("the ids end inside a \(open.opener.rawValue) segment") }
        flushText()
        return segments
    }

    /// An image segment from its row-major global ids.
    private static func image(_ ids: [Int], vocabulary: Vocabulary, fail: (String) -> FormatError) throws -> TokenSegment {
        let image = vocabulary.spec.image!
        guard ids.count == image.grid[0] * image.grid[1] else {
            throw fail("an image segment of \(ids.count) ids, not \(image.grid[0])×\(image.grid[1])")
        }
        return TokenSegment(modality: .image, shape: image.grid, codebookSize: image.ids.count, codes: ids.map { $0 - image.ids.first }, ids: ids)
    }

    /// An audio segment from its frame-major global ids, stored level-major.
    private static func audio(_ ids: [Int], vocabulary: Vocabulary, fail: (String) -> FormatError) throws -> TokenSegment {
        let levels = vocabulary.spec.audio!.levelIDs
        guard !ids.isEmpty, ids.count % levels.count == 0 else {
            throw fail("an audio segment of \(ids.count) ids, not whole frames of \(levels.count) levels")
        }
        let frames = ids.count / levels.count
        var levelMajor: [Int] = []
        for level in 0..<levels.count {
            for frame in 0..<frames {
                let id = ids[frame * levels.count + level]
                guard levels[level].contains(id) else { throw fail("audio id \(id) is not of level \(level)") }
                levelMajor.append(id)
            }
        }
        return TokenSegment(modality: .audio, shape: [levels.count, frames], codebookSize: levels[0].count,
                            codes: levelMajor.enumerated().map { $1 - levels[$0 / frames].first }, ids: levelMajor)
    }
}
