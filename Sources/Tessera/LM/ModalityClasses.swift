import LM
import Vocab

/// The loss classes of an extended vocabulary: every id is text, image, audio or special.
public enum ModalityClasses {
    /// The class names, in class order.
    public static let names = ["text", "image", "audio", "special"]

    /// The classes of `vocabulary`'s ids with `weights` by class name (missing names weigh 1).
    public static func classes(of vocabulary: Vocabulary, weights: [String: Float] = [:]) -> TokenClasses {
        let classOfID = (0..<vocabulary.size).map { id -> UInt8 in
            switch vocabulary.token(for: id) {
            case .text, nil: return 0
            case .image: return 1
            case .audio: return 2
            case .special: return 3
            }
        }
        return TokenClasses(names: names, weights: names.map { weights[$0] ?? 1 }, classOfID: classOfID)
    }
}
