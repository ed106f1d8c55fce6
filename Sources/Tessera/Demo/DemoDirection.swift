import Formats
import Foundation

/// One of the four things the demo samples: a held-out document's first part is the prompt, its
/// second part the reference the generated output is compared with.
enum DemoDirection: String, CaseIterable {
    case textToImage = "text-to-image"
    case imageToText = "image-to-text"
    case textToSpeech = "text-to-speech"
    case speechToText = "speech-to-text"

    /// The modality of the prompt.
    var prompt: TokenModality {
        switch self {
        case .textToImage, .textToSpeech: .text
        case .imageToText: .image
        case .speechToText: .audio
        }
    }

    /// The modality generated (and of the reference).
    var output: TokenModality {
        switch self {
        case .textToImage: .image
        case .textToSpeech: .audio
        case .imageToText, .speechToText: .text
        }
    }

    /// The heading in the report.
    var title: String {
        switch self {
        case .textToImage: "Text → image"
        case .imageToText: "Image → text"
        case .textToSpeech: "Text → speech"
        case .speechToText: "Speech → text"
        }
    }

    /// What the sampler's grammar allows after the prompt (the output's modality).
    var target: SegmentGrammar.Target { SegmentGrammar.Target(rawValue: output.rawValue)! }

    /// The file extension of a part of `modality` (`txt`, `png`, `wav`).
    static func fileExtension(_ modality: TokenModality) -> String {
        switch modality {
        case .text: "txt"
        case .image: "png"
        case .audio: "wav"
        }
    }
}
