import Foundation

extension JSONValue {
    /// Pretty-printed JSON text with sorted keys, two-space indents and a final newline, in which
    /// every `.number` keeps a fractional part (`1.0`, not `1`), so readers with strict typing
    /// (transformers' config classes) see floats where floats were meant.
    public func prettyText() -> String { text(indent: "") + "\n" }

    private func text(indent: String) -> String {
        let inner = indent + "  "
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .integer(let value): return String(value)
        case .number(let value):
            guard value.isFinite else { return "null" }
            return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) + ".0" : "\(value)"
        case .string(let value): return Self.quoted(value)
        case .array(let items):
            guard !items.isEmpty else { return "[]" }
            return "[\n" + items.map { inner + $0.text(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .object(let members):
            guard !members.isEmpty else { return "{}" }
            return "{\n" + members.keys.sorted().map { key in
                inner + Self.quoted(key) + ": " + members[key]!.text(indent: inner)
            }.joined(separator: ",\n") + "\n" + indent + "}"
        }
    }

    /// A JSON string literal.
    private static func quoted(_ string: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(string)) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}
