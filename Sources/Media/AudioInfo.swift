import CSndFile

/// What an audio file holds, as libsndfile reads it.
public struct AudioInfo: Equatable, Sendable {
    /// The container, as the first word of libsndfile's name for it: "WAV", "FLAC", "OGG", "AIFF", …
    public let format: String
    /// The sample encoding in libsndfile's words: "Signed 16 bit PCM", "32 bit float", "Vorbis", …
    public let encoding: String
    /// Frames per second.
    public let sampleRate: Int
    /// Interleaved channels per frame.
    public let channels: Int
    /// Samples per channel.
    public let frames: Int

    /// The length in seconds.
    public var duration: Double { Double(frames) / Double(sampleRate) }

    /// The description of an open file with libsndfile's `info`.
    init(_ info: SF_INFO, handle: OpaquePointer) {
        format = String(Self.formatName(info.format & Int32(SF_FORMAT_TYPEMASK), handle: handle).prefix { $0 != " " })
        encoding = Self.formatName(info.format & Int32(SF_FORMAT_SUBMASK), handle: handle)
        sampleRate = Int(info.samplerate)
        channels = Int(info.channels)
        frames = Int(info.frames)
    }

    /// libsndfile's name of a major format or subtype code.
    private static func formatName(_ code: Int32, handle: OpaquePointer) -> String {
        var description = SF_FORMAT_INFO()
        description.format = code
        let found = sf_command(handle, Int32(SFC_GET_FORMAT_INFO), &description, Int32(MemoryLayout<SF_FORMAT_INFO>.size)) == 0
        guard found, let text = description.name else { return "format 0x" + String(code, radix: 16) }
        return String(cString: text)
    }
}
