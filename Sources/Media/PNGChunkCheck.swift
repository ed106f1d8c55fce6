/// Checks that every chunk of a PNG file, up to IEND, lies inside the file.
///
/// libpng allocates an ancillary chunk's declared length before reading it and only warns
/// about implausible lengths through the simplified API, so a 117-byte file whose sPLT chunk
/// claims 1.9 GB makes it allocate and touch 1.9 GB. Refusing chunks that overrun the file
/// bounds every allocation by the file's size.
enum PNGChunkCheck {
    /// Why the file's chunks do not fit in it, or nil when they do. The signature is already checked.
    static func problem(_ bytes: ContainerBytes) -> String? {
        var offset = 8
        while offset + 8 <= bytes.size {
            let header = bytes.read(offset, 8)
            guard header.count == 8 else { return "cannot read the chunk header at byte \(offset)" }
            let length = ContainerBytes.integer(header, at: 0, bigEndian: true)
            let name = ContainerBytes.chunkName(header[4...])
            let available = bytes.size - offset - 12  // after the length, name and CRC
            if length > available {
                return "the '\(name)' chunk at byte \(offset) claims \(length) bytes but only \(Swift.max(available, 0)) follow "
                    + "(cut off or corrupt file)"
            }
            if name == "IEND" { return nil }
            offset += 12 + length
        }
        return nil
    }
}
