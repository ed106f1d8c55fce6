import CSndFile

/// What an audio file holds, as libsndfile reads it.
public struct AudioInfo: Equatable, Sendable {
    /// The container, as libsndfile names its usual extension: "WAV", "FLAC", "OGG", …
    public let format: String
    /// The sample encoding in libsndfile's words: "Signed 16 bit PCM", "32 bit float", "Vorbis", …
    public let encoding: String
    public let sampleRate: Int
    public let channels: Int
    /// Samples per channel.
    public let frames: Int

    /// The length in seconds.
    public var duration: Double { Double(frames) / Double(sampleRate) }

    /// The description of an open file with libsndfile's `info`.
    init(_ info: SF_INFO, handle: OpaquePointer) {
        format = Self.formatName(info.format & Int32(SF_FORMAT_TYPEMASK), handle: handle, usingExtension: true).uppercased()
        encoding = Self.formatName(info.format & Int32(SF_FORMAT_SUBMASK), handle: handle, usingExtension: false)
        sampleRate = Int(info.samplerate)
        channels = Int(info.channels)
        frames = Int(info.frames)
    }

    /// libsndfile's name (or usual file extension) of a major format or subtype code.
    private static func formatName(_ code: Int32, handle: OpaquePointer, usingExtension: Bool) -> String {
        var description = SF_FORMAT_INFO()
        description.format = code
        let found = sf_command(handle, Int32(SFC_GET_FORMAT_INFO), &description, Int32(MemoryLayout<SF_FORMAT_INFO>.size)) == 0
        let text = usingExtension ? description.extension : description.name
        guard found, let text else { return "format 0x" + String(code, radix: 16) }
        return String(cString: text)
    }
}
