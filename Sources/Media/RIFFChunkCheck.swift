/// Checks the chunk sizes of a RIFF WAVE file up to its data chunk.
///
/// libsndfile quietly shortens a data chunk that claims more bytes than the file holds, so a
/// cut-off or corrupt WAV file would otherwise decode as a shorter sound without any error.
enum RIFFChunkCheck {
    /// Why the file's chunks do not fit in it, or nil when they do (or it is not RIFF WAVE).
    static func problem(_ bytes: ContainerBytes) -> String? {
        let header = bytes.read(0, 12)
        guard header.count == 12, header.starts(with: Array("RIFF".utf8)), Array(header[8...]) == Array("WAVE".utf8) else {
            return nil
        }
        var offset = 12
        while offset + 8 <= bytes.size {
            let chunk = bytes.read(offset, 8)
            guard chunk.count == 8 else { return "cannot read the chunk header at byte \(offset)" }
            let size = ContainerBytes.integer(chunk, at: 4, bigEndian: false)
            let name = ContainerBytes.chunkName(chunk[..<4])
            let available = bytes.size - offset - 8
            if size > available {
                return "the '\(name)' chunk at byte \(offset) claims \(size) bytes but only \(available) follow (cut off or corrupt file)"
            }
            if name == "data" { return nil }
            offset += 8 + size + size % 2
        }
        return nil
    }
}
