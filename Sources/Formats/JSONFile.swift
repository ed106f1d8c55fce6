import Foundation

/// Pretty, key-sorted JSON files (configs, training records, reports), written atomically.
public enum JSONFile {
    /// Encodes `value` and writes it to `url` with a trailing newline.
    public static func write<Value: Encodable>(_ value: Value, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            throw FormatError(url, "cannot encode JSON: \(error.localizedDescription)")
        }
        try AtomicFileOutput.save(data + Data("\n".utf8), to: url)
    }
}
