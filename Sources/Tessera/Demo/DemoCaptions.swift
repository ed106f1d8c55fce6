import Formats
import Foundation
import Media

/// The demo's view of a documents manifest: its captions, and the prompt/reference pairs sampled.
struct DemoCaptions {
    /// The documents read, in manifest order.
    let documents: [ManifestDocument]

    /// Reads the first `limit` documents (all when nil) of `manifest`.
    init(manifest: URL, limit: Int?) throws {
        let directory = manifest.deletingLastPathComponent()
        let lines = try ManifestLines(manifest)
        var documents: [ManifestDocument] = []
        while documents.count < limit ?? .max, let line = lines.next() {
            do {
                documents.append(try ManifestDocument(line: line.text, directory: directory))
            } catch let problem as ManifestProblem {
                throw FormatError(manifest, "line \(line.number) \(problem.message)")
            }
        }
        self.documents = documents
    }

    /// Every text part, in order.
    var texts: [String] {
        documents.flatMap { $0.parts.compactMap { if case .text(let text) = $0.content { text } else { nil } } }
    }

    /// The prompt/reference pairs of `direction`: the documents of two parts whose modalities are
    /// the direction's prompt and output, in that order.
    func pairs(_ direction: DemoDirection) -> [DemoPair] {
        documents.compactMap { document in
            guard document.parts.count == 2, document.parts[0].content.modality == direction.prompt,
                  document.parts[1].content.modality == direction.output else { return nil }
            return DemoPair(prompt: document.parts[0].content, reference: document.parts[1].content)
        }
    }

    /// Writes the manifest of the documents the demo trains on: every document without audio, and
    /// the first `audioLimit` with audio (speech costs the most to tokenize). Media paths are written absolute.
    func writeTraining(manifest: URL, audioLimit: Int) throws {
        var audioDocuments = 0
        let kept = documents.filter { document in
            guard document.parts.contains(where: { $0.content.modality == .audio }) else { return true }
            audioDocuments += 1
            return audioDocuments <= audioLimit
        }
        try AtomicFileOutput.save(Data(try kept.map { try Self.line($0.parts.map(\.content)) }.joined().utf8), to: manifest)
    }

    /// One manifest line (with its newline) of a document made of `parts`.
    private static func line(_ parts: [ManifestDocument.Content]) throws -> String {
        let objects = parts.map { part -> [String: String] in
            switch part {
            case .text(let text): ["text": text]
            case .image(let url): ["image": url.path]
            case .audio(let url): ["audio": url.path]
            }
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: ["parts": objects]), as: UTF8.self) + "\n"
    }

    /// Writes the captions one a line: the text tokenizer's training data.
    func writeCaptions(to url: URL) throws {
        try AtomicFileOutput.save(Data(texts.map { $0 + "\n" }.joined().utf8), to: url)
    }

    /// Writes a manifest of one text-only document per caption: the base model's documents.
    func writeTextDocuments(to manifest: URL) throws {
        try AtomicFileOutput.save(Data(try texts.map { try Self.line([.text($0)]) }.joined().utf8), to: manifest)
    }
}

/// A held-out prompt and the reference output it came with.
struct DemoPair {
    /// The document's first part, which the model continues.
    let prompt: ManifestDocument.Content
    /// The document's second part, which the generated output is compared with.
    let reference: ManifestDocument.Content
}

extension ManifestDocument.Content {
    /// Writes the part as `NAME.txt`, `NAME.png` (a copy) or `NAME.wav` (decoded and written as WAV) in `directory`.
    func save(as name: String, in directory: URL) throws {
        let url = directory.appendingPathComponent(name).appendingPathExtension(DemoDirection.fileExtension(modality))
        switch self {
        case .text(let text): try AtomicFileOutput.save(Data(text.utf8), to: url)
        case .image(let file): try AtomicFileOutput.save(Data(contentsOf: file), to: url)  // tokenizable images are PNG
        case .audio(let file): try AudioDecoder().decode(file).writeWAV(to: url)  // any format libsndfile reads
        }
    }
}
