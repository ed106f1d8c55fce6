/// Checks the chunk sizes of a RIFF WAVE file up to its data chunk.
///
/// libsndfile quietly shortens a data chunk that claims more bytes than the file holds, so a
/// cut-off or corrupt WAV file would otherwise decode as a shorter sound without any error.
enum RIFFChunkCheck {
    /// Why the file's chunks do not fit in it, or nil when they do (or it is not RIFF WAVE).
    /// `read(offset, count)` returns up to `count` bytes from `offset`.
    static func problem(fileSize: Int, read: (Int, Int) -> [UInt8]) -> String? {
        let header = read(0, 12)
        guard header.count == 12, header.starts(with: Array("RIFF".utf8)), Array(header[8...]) == Array("WAVE".utf8) else {
            return nil
        }
        var offset = 12
        while offset + 8 <= fileSize {
            let chunk = read(offset, 8)
            guard chunk.count == 8 else { return "cannot read the chunk header at byte \(offset)" }
            let size = chunk[4...].reversed().reduce(0) { $0 << 8 | Int($1) }
            let name = String(decoding: chunk[..<4].map { (32..<127).contains($0) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
            let available = fileSize - offset - 8
            if size > available {
                return "the '\(name)' chunk at byte \(offset) claims \(size) bytes but only \(available) follow (cut off or corrupt file)"
            }
            if name == "data" { return nil }
            offset += 8 + size + size % 2
        }
        return nil
    }
}
