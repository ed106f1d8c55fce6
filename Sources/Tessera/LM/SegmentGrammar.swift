import Formats
import LM
import Vocab

/// The extended vocabulary's sequence grammar as a sampling constraint: text never emits codes;
/// `<boi>` opens exactly rows × columns image ids (each row closed by `<eol>` when the vocabulary
/// uses it) and then only `<eoi>`; `<boa>` opens audio frames whose levels come in order, and
/// `<eoa>` may close it only after a whole frame.
public struct SegmentGrammar: GenerationConstraint {
    /// Where a sequence stands: in text, or `position` ids into an image or audio segment.
    public enum State: Equatable {
        case text
        case image(position: Int)
        case audio(position: Int)
    }

    /// What the generated part must be.
    public enum Target: String, CaseIterable, Sendable {
        /// Anything the grammar allows.
        case any
        /// Text only (no segment opens), at least one piece.
        case text
        /// One image segment, then `<eos>`.
        case image
        /// One audio segment, then `<eos>`.
        case audio
    }

    /// The extended vocabulary whose grammar applies.
    public let vocabulary: Vocabulary
    /// What the generated part must be.
    public let target: Target
    /// The prompt's length: ids from here on are generated.
    public let promptLength: Int
    /// At most this many ids are generated: an audio segment closes at the last frame that leaves
    /// room for `<eoa>` and `<eos>`, so a clip cut by the budget still decodes. Nil: no limit.
    public let budget: Int?
    /// The text pieces allowed in text (not the specials that open, close or pad segments), found once.
    private let textPieces: [Int]

    /// The grammar of `vocabulary` for a prompt of `promptLength` ids and `budget` new ids.
    public init(vocabulary: Vocabulary, target: Target = .any, promptLength: Int, budget: Int? = nil) {
        (self.vocabulary, self.target, self.promptLength, self.budget) = (vocabulary, target, promptLength, budget)
        let segmentSpecials = Set([SpecialToken.endOfImage, .endOfAudio, .endOfRow, .padding, .beginningOfImage, .beginningOfAudio]
            .compactMap { vocabulary.id(for: .special($0)) })
        textPieces = (0..<vocabulary.spec.text.pieces).filter { !segmentSpecials.contains($0) }
    }

    /// Ids per image segment between `<boi>` and `<eoi>`.
    public var imageLength: Int {
        guard let image = vocabulary.spec.image else { return 0 }
        return image.grid[0] * (image.grid[1] + (image.endOfRow ? 1 : 0))
    }

    /// The fewest ids of a closed segment of `modality` with its brackets: a whole image, or one
    /// audio frame; nil for text.
    public func shortestSegment(_ modality: TokenModality) -> Int? {
        switch modality {
        case .image: vocabulary.spec.image.map { _ in imageLength + 2 }
        case .audio: vocabulary.spec.audio.map { $0.levelIDs.count + 2 }
        case .text: nil
        }
    }

    /// The state after `history`.
    public func state(after history: [Int32]) -> State {
        var state = State.text
        for id in history.map(Int.init) {
            switch state {
            case .text:
                if id == special(.beginningOfImage) { state = .image(position: 0) }
                if id == special(.beginningOfAudio) { state = .audio(position: 0) }
            case .image(let position):
                state = id == special(.endOfImage) ? .text : .image(position: position + 1)
            case .audio(let position):
                state = id == special(.endOfAudio) ? .text : .audio(position: position + 1)
            }
        }
        return state
    }

    /// The ids allowed after `history`.
    public func allowedIDs(after history: [Int32]) -> [Int] {
        switch state(after: history) {
        case .image(let position): return imageIDs(at: position)
        case .audio(let position): return audioIDs(at: position, remaining: budget.map { $0 - (history.count - promptLength) })
        case .text: return textIDs(generated: history.count - promptLength, segmentDone: history.dropFirst(promptLength).contains {
            Int($0) == special(.endOfImage) || Int($0) == special(.endOfAudio)
        })
        }
    }

    /// Sets every id the grammar forbids after `history` to −∞.
    public func mask(_ logits: inout [Float], history: [Int32]) {
        let allowed = allowedIDs(after: history)
        var masked = [Float](repeating: -.infinity, count: logits.count)
        for id in allowed where id < logits.count { masked[id] = logits[id] }
        logits = masked
    }

    /// Whether `history` ends inside an image or audio segment (where guidance applies).
    public func isInsideSegment(_ history: [Int32]) -> Bool { state(after: history) != .text }

    private func imageIDs(at position: Int) -> [Int] {
        guard let image = vocabulary.spec.image else { return [] }
        if position == imageLength { return [special(.endOfImage)] }
        if image.endOfRow && (position + 1) % (image.grid[1] + 1) == 0 { return [special(.endOfRow)] }
        return Array(image.ids.first..<image.ids.end)
    }

    /// Codes of the level due at `position`; at a frame boundary also `<eoa>` — only `<eoa>` when
    /// `remaining` ids cannot hold another frame and the two closing ids.
    private func audioIDs(at position: Int, remaining: Int?) -> [Int] {
        guard let levels = vocabulary.spec.audio?.levelIDs else { return [] }
        let level = levels[position % levels.count]
        guard position > 0 && position % levels.count == 0 else { return Array(level.first..<level.end) }
        if let remaining, remaining < levels.count + 2 { return [special(.endOfAudio)] }
        return Array(level.first..<level.end) + [special(.endOfAudio)]
    }

    /// Text pieces, `<eos>` and the openers the target allows (only where the budget holds a closed
    /// segment); a segment target must open its segment first and end right after it.
    private func textIDs(generated: Int, segmentDone: Bool) -> [Int] {
        let end = special(.endOfSequence)
        switch target {
        case .image: return segmentDone ? [end] : generated == 0 ? [special(.beginningOfImage)] : [end]
        case .audio: return segmentDone ? [end] : generated == 0 ? [special(.beginningOfAudio)] : [end]
        case .text, .any:
            let remaining = budget.map { $0 - generated } ?? .max
            let openers = target == .text ? [] : [(TokenModality.image, SpecialToken.beginningOfImage), (.audio, .beginningOfAudio)]
                .compactMap { modality, opener in shortestSegment(modality).flatMap { $0 <= remaining ? special(opener) : nil } }
            let allowed = textPieces + openers + [end]
            return target == .text && generated == 0 ? allowed.filter { $0 != end } : allowed  // a text target says something first
        }
    }

    private func special(_ token: SpecialToken) -> Int { vocabulary.id(for: .special(token)) ?? -1 }
}
