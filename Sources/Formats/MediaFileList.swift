import Foundation

/// The media files a training `--data` argument names: every file with one of the given extensions
/// under a directory (sorted by path), or the entries under one key of a JSON-lines manifest (paths
/// relative to the manifest's folder; lines without the key are skipped).
public enum MediaFileList {
    /// The files `source` names; throws a one-line `FormatError` when it is missing, is not JSON
    /// lines, or names no file.
    public static func files(in source: URL, key: String, extensions: Set<String>) throws -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isDirectory) else {
            throw FormatError(source, "no such file or directory")
        }
        let files = isDirectory.boolValue ? search(source, extensions: extensions) : try manifestEntries(source, key: key)
        guard !files.isEmpty else {
            let kinds = extensions.sorted().map { "." + $0 }.joined(separator: ", ")
            throw FormatError(source, isDirectory.boolValue ? "holds no \(key) files (\(kinds))" : "lists no \"\(key)\" entries")
        }
        return files
    }

    /// Files under `directory` whose extension (any case) is one of `extensions`, sorted by path.
    private static func search(_ directory: URL, extensions: Set<String>) -> [URL] {
        let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        return (walker?.allObjects as? [URL] ?? []).filter { extensions.contains($0.pathExtension.lowercased()) }.sorted { $0.path < $1.path }
    }

    /// The `key` entries of a JSON-lines manifest, resolved against its folder.
    private static func manifestEntries(_ manifest: URL, key: String) throws -> [URL] {
        let text = try FileContents.readText(manifest, maximumSize: 1 << 30)
        let folder = manifest.deletingLastPathComponent()
        var files: [URL] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.allSatisfy(\.isWhitespace) {
            guard let entry = try? JSONValue.parse(Data(line.utf8)).objectValue else {
                throw FormatError(manifest, "line \(index + 1) is not a JSON object")
            }
            guard let path = entry[key]?.stringValue else { continue }
            files.append(path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path))
        }
        return files
    }
}
