import Formats
import Foundation

/// The demo's view of a documents manifest: its captions, and the caption→image pairs sampled.
struct DemoCaptions {
    /// The documents read, in manifest order.
    let documents: [ManifestDocument]

    /// Reads the first `limit` documents (all when nil) of `manifest`.
    init(manifest: URL, limit: Int?) throws {
        let directory = manifest.deletingLastPathComponent()
        let lines = try String(contentsOf: manifest, encoding: .utf8).split(separator: "\n").prefix(limit ?? .max)
        documents = try lines.enumerated().map { index, line in
            do {
                return try ManifestDocument(line: Data(line.utf8), directory: directory)
            } catch let problem as ManifestProblem {
                throw FormatError(manifest, "line \(index + 1) \(problem.message)")
            }
        }
    }

    /// Every text part, in order.
    var texts: [String] {
        documents.flatMap { $0.parts.compactMap { if case .text(let text) = $0.content { text } else { nil } } }
    }

    /// Documents that are a caption followed by its image: the text→image prompts and their references.
    var captionedImages: [(caption: String, image: URL)] {
        documents.compactMap { document in
            guard document.parts.count == 2, case .text(let caption) = document.parts[0].content,
                  case .image(let image) = document.parts[1].content else { return nil }
            return (caption, image)
        }
    }

    /// Writes the captions one a line (the text tokenizer's training data) and a text-only manifest
    /// (the base model's training documents).
    func writeText(lines: URL, manifest: URL) throws {
        try AtomicFileOutput.save(Data(texts.map { $0 + "\n" }.joined().utf8), to: lines)
        let documents = try texts.map { text in
            String(decoding: try JSONSerialization.data(withJSONObject: ["parts": [["text": text]]]), as: UTF8.self) + "\n"
        }
        try AtomicFileOutput.save(Data(documents.joined().utf8), to: manifest)
    }
}
