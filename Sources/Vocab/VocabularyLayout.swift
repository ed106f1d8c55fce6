/// Lays out a new extended vocabulary: the text ids first, then the special tokens the text model
/// lacks, then the image codebook, then each audio RVQ level, all contiguous.
public enum VocabularyLayout {
    /// The image tokenizer facts a vocabulary needs.
    public struct ImageCodebook: Sendable {
        /// The tokenizer directory as the spec will name it.
        public var tokenizer: String
        /// SHA-256 of its `model.safetensors`, 64 hex digits.
        public var sha256: String
        /// Number of codes.
        public var codebookSize: Int
        /// Codes per image, `[rows, columns]`.
        public var grid: [Int]
        /// Image side in pixels.
        public var imageSize: Int
        /// Whether each row of codes ends with `<eol>`.
        public var endOfRow: Bool

        /// The facts, as read from the tokenizer.
        public init(tokenizer: String, sha256: String, codebookSize: Int, grid: [Int], imageSize: Int, endOfRow: Bool) {
            (self.tokenizer, self.sha256, self.codebookSize, self.grid) = (tokenizer, sha256, codebookSize, grid)
            (self.imageSize, self.endOfRow) = (imageSize, endOfRow)
        }
    }

    /// The audio codec facts a vocabulary needs.
    public struct AudioCodebook: Sendable {
        /// The tokenizer directory as the spec will name it.
        public var tokenizer: String
        /// SHA-256 of its `model.safetensors`, 64 hex digits.
        public var sha256: String
        /// Codes per RVQ level.
        public var codebookSize: Int
        /// RVQ levels used at `bandwidth`.
        public var levels: Int
        /// kbps.
        public var bandwidth: Double
        /// Code frames per second.
        public var frameRate: Int
        /// Samples per second the codec reads.
        public var sampleRate: Int

        /// The facts, as read from the tokenizer.
        public init(tokenizer: String, sha256: String, codebookSize: Int, levels: Int, bandwidth: Double, frameRate: Int, sampleRate: Int) {
            (self.tokenizer, self.sha256, self.codebookSize, self.levels) = (tokenizer, sha256, codebookSize, levels)
            (self.bandwidth, self.frameRate, self.sampleRate) = (bandwidth, frameRate, sampleRate)
        }
    }

    /// A spec for `text` plus the given codebooks. `textSpecials` are the text model's own ids for
    /// `<bos>`, `<eos>` and `<pad>` (SentencePiece's `<s>`, `</s>`, `<pad>`), which are kept so a base
    /// model's trained rows stay in use; every other special token gets a new id.
    public static func make(text: VocabularySpec.Text, textSpecials: [SpecialToken: Int],
                            image: ImageCodebook?, audio: AudioCodebook?) -> VocabularySpec {
        var next = text.pieces
        func take(_ count: Int) -> IDRange {
            defer { next += count }
            return IDRange(first: next, count: count)
        }
        let wanted = SpecialToken.allCases.filter { token in
            switch token {
            case .beginningOfSequence, .endOfSequence, .padding: return true
            case .beginningOfImage, .endOfImage: return image != nil
            case .beginningOfAudio, .endOfAudio: return audio != nil
            case .endOfRow: return image?.endOfRow == true
            }
        }
        let specials = wanted.map { token in
            VocabularySpec.SpecialEntry(token: token, id: textSpecials[token] ?? take(1).first)
        }
        let imageSpec = image.map { image in
            VocabularySpec.Image(tokenizer: image.tokenizer, sha256: image.sha256, ids: take(image.codebookSize), grid: image.grid,
                                 imageSize: image.imageSize, endOfRow: image.endOfRow)
        }
        let audioSpec = audio.map { audio in
            VocabularySpec.Audio(tokenizer: audio.tokenizer, sha256: audio.sha256,
                                 levelIDs: (0..<audio.levels).map { _ in take(audio.codebookSize) },
                                 bandwidth: audio.bandwidth, frameRate: audio.frameRate, sampleRate: audio.sampleRate)
        }
        return VocabularySpec(vocabSize: next, text: text, specialTokens: specials, image: imageSpec, audio: audioSpec)
    }
}
