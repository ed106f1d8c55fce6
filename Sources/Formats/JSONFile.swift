import Foundation

/// Pretty, key-sorted JSON (configs, training records, reports), and files of it written atomically.
public enum JSONFile {
    /// `value` as pretty, key-sorted JSON text.
    public static func text<Value: Encodable>(_ value: Value) throws -> String {
        String(decoding: try data(value), as: UTF8.self)
    }

    /// Encodes `value` and writes it to `url` with a trailing newline.
    public static func write<Value: Encodable>(_ value: Value, to url: URL) throws {
        let data: Data
        do {
            data = try Self.data(value)
        } catch {
            throw FormatError(url, "cannot encode JSON: \(error.localizedDescription)")
        }
        try AtomicFileOutput.save(data + Data("\n".utf8), to: url)
    }

    /// `value` as pretty, key-sorted JSON bytes (no trailing newline).
    public static func data<Value: Encodable>(_ value: Value) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}
