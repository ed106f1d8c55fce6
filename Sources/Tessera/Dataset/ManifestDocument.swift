import Formats
import Foundation

/// One document of a dataset manifest: a JSON object on one line whose `parts` array interleaves
/// text, images and audio — `{"parts": [{"text": "a cat"}, {"image": "images-64/cat.png"}]}`.
/// Media paths are relative to the manifest's directory (or absolute). A part may also carry
/// `"role"` (a string) and `"loss"` (a boolean); other keys of the document are ignored.
struct ManifestDocument {
    /// What a part holds.
    enum Content: Equatable {
        case text(String)
        case image(URL)
        case audio(URL)

        /// Text, image or audio.
        var modality: TokenModality {
            switch self {
            case .text: .text
            case .image: .image
            case .audio: .audio
            }
        }
    }

    /// One part, in document order.
    struct Part: Equatable {
        var content: Content
        /// Who speaks ("user", "assistant", …), when given.
        var role: String?
        /// Whether the part's tokens count in the loss, when given.
        var loss: Bool?
    }

    /// The parts.
    var parts: [Part]

    /// A document of `parts`.
    init(parts: [Part]) { self.parts = parts }

    /// Parses one manifest line; throws a `ManifestProblem` describing what is wrong.
    init(line: Data, directory: URL) throws {
        guard let json = try? JSONValue.parse(line) else { throw ManifestProblem("not valid JSON") }
        guard let object = json.objectValue else { throw ManifestProblem("holds \(json.kindName), not a JSON object") }
        guard let parts = object["parts"]?.arrayValue else { throw ManifestProblem("has no \"parts\" array") }
        guard !parts.isEmpty else { throw ManifestProblem("\"parts\" is empty") }
        self.parts = try parts.enumerated().map { index, value in
            do {
                return try Self.part(value, directory: directory)
            } catch let problem as ManifestProblem {
                throw ManifestProblem("part \(index + 1) \(problem.message)")
            }
        }
    }

    private static func part(_ value: JSONValue, directory: URL) throws -> Part {
        guard let members = value.objectValue else { throw ManifestProblem("is \(value.kindName), not an object") }
        let kinds = ["text", "image", "audio"].filter { members[$0] != nil }
        guard kinds.count == 1, let kind = kinds.first, let text = members[kind]?.stringValue else {
            throw ManifestProblem("needs exactly one of \"text\", \"image\" or \"audio\", as a string")
        }
        if let unknown = members.keys.sorted().first(where: { !["text", "image", "audio", "role", "loss"].contains($0) }) {
            throw ManifestProblem("has an unknown key \"\(unknown)\"")
        }
        var part = Part(content: .text(text))
        if kind != "text" {
            guard !text.isEmpty else { throw ManifestProblem("has an empty \(kind) path") }
            let url = text.hasPrefix("/") ? URL(fileURLWithPath: text) : directory.appendingPathComponent(text)
            part.content = kind == "image" ? .image(url) : .audio(url)
        }
        if let role = members["role"] {
            guard let name = role.stringValue else { throw ManifestProblem("has a \"role\" that is not a string") }
            part.role = name
        }
        if let loss = members["loss"] {
            guard case .bool(let flag) = loss else { throw ManifestProblem("has a \"loss\" that is not true or false") }
            part.loss = flag
        }
        return part
    }
}

/// What is wrong with a manifest line or a document's media, in words (the caller adds the line number).
struct ManifestProblem: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
