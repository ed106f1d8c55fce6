import Formats
import Foundation

/// Reads the JSON records earlier stages wrote, with a one-line error naming the file.
enum DemoRecord {
    /// `type` decoded from the JSON file at `url`.
    static func decode<Record: Decodable>(_ type: Record.Type, from url: URL) throws -> Record {
        let data = try FileContents.read(url, maximumSize: 1 << 26)
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw FormatError(url, "is not the record this version of tessera writes (delete the output directory's stages/ markers from here on to redo them)")
        }
    }
}
