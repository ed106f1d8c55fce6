/// A file's leading bytes, read to recognise what it really is whatever its name says.
struct FileSignature {
    let bytes: [UInt8]

    static let pngMagic: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The signature of a file's or a buffer's first bytes.
    init(_ container: ContainerBytes) { bytes = container.read(0, 16) }

    var isPNG: Bool { bytes.starts(with: Self.pngMagic) }

    /// What the bytes say the file is ("a WAV audio file"), when they say anything known.
    var kindName: String? {
        func matches(_ text: String, at offset: Int = 0) -> Bool {
            bytes.count >= offset + text.utf8.count && Array(bytes[offset..<(offset + text.utf8.count)]) == Array(text.utf8)
        }
        if isPNG { return "a PNG image" }
        if matches("RIFF") && matches("WAVE", at: 8) { return "a WAV audio file" }
        if matches("RIFF") && matches("WEBP", at: 8) { return "a WebP image" }
        if matches("fLaC") { return "a FLAC audio file" }
        if matches("OggS") { return "an Ogg file" }
        if matches("ID3") { return "an MP3 audio file" }
        if matches("GIF8") { return "a GIF image" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "a JPEG image" }
        return nil
    }

    /// Why these bytes cannot be a PNG file, or nil when they start like one.
    var notPNGProblem: String? {
        if bytes.isEmpty { return "empty file" }
        if isPNG { return nil }
        return "not a PNG file" + (kindName.map { " (it is \($0))" } ?? " (no PNG signature)")
    }
}
