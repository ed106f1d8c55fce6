import Foundation
import LM

/// One of the four things the demo samples: a held-out document's first part is the prompt, its
/// second part the reference the generated output is compared with.
enum DemoDirection: String, CaseIterable {
    case textToImage = "text-to-image"
    case imageToText = "image-to-text"
    case textToSpeech = "text-to-speech"
    case speechToText = "speech-to-text"

    /// What a prompt or an output is.
    enum Modality { case text, image, audio }

    /// The modality of the prompt.
    var prompt: Modality {
        switch self {
        case .textToImage, .textToSpeech: .text
        case .imageToText: .image
        case .speechToText: .audio
        }
    }

    /// The modality generated (and of the reference).
    var output: Modality {
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

    /// What the sampler's grammar allows after the prompt.
    var target: SegmentGrammar.Target {
        switch output {
        case .text: .text
        case .image: .image
        case .audio: .audio
        }
    }

    /// The file extension of a part of `modality` (`txt`, `png`, `wav`).
    static func fileExtension(_ modality: Modality) -> String {
        switch modality {
        case .text: "txt"
        case .image: "png"
        case .audio: "wav"
        }
    }
}
