import CSndFile
import Formats
import Foundation

/// An audio file open for reading through libsndfile, from disk or from memory; closed on deinit.
final class SoundFileReader {
    /// The file's name in error messages.
    let path: String
    let info: AudioInfo
    /// The size of the encoded file in bytes.
    let byteCount: Int
    private let handle: OpaquePointer
    /// The in-memory bytes behind a virtual-IO handle (kept alive while libsndfile reads them).
    private let memory: MemoryByteSource?

    /// Opens the file at `url`, after checking what libsndfile does not (see `RIFFChunkCheck`).
    convenience init(url: URL) throws {
        let byteCount = try ContainerBytes.withFile(url) { bytes in
            try Self.check(path: url.path, bytes)
            return bytes.size
        }
        var info = SF_INFO()
        guard let handle = sf_open(url.path, Int32(SFM_READ), &info) else {
            throw FormatError(url, String(cString: sf_strerror(nil)))
        }
        try self.init(path: url.path, byteCount: byteCount, handle: handle, info: info, memory: nil)
    }

    /// Opens audio data held in memory (`bytes` must outlive the reader); errors name it `name`.
    convenience init(bytes: UnsafeRawBufferPointer, name: String) throws {
        try Self.check(path: name, ContainerBytes(memory: bytes))
        let memory = MemoryByteSource(bytes)
        var info = SF_INFO()
        var callbacks = MemoryByteSource.callbacks
        guard let handle = sf_open_virtual(&callbacks, Int32(SFM_READ), &info, Unmanaged.passUnretained(memory).toOpaque()) else {
            throw FormatError(path: name, problem: String(cString: sf_strerror(nil)))
        }
        try self.init(path: name, byteCount: bytes.count, handle: handle, info: info, memory: memory)
    }

    private init(path: String, byteCount: Int, handle: OpaquePointer, info: SF_INFO, memory: MemoryByteSource?) throws {
        self.path = path
        self.byteCount = byteCount
        self.handle = handle
        self.memory = memory
        self.info = AudioInfo(info, handle: handle)
        guard info.channels > 0, info.samplerate > 0, info.frames >= 0 else {
            throw FormatError(path: path, problem: "invalid stream: \(info.channels) channels at \(info.samplerate) Hz")
        }
    }

    deinit { sf_close(handle) }

    /// Samples (frames × channels) read per block: 256 KiB of floats.
    static let blockSamples = 65536

    /// Reads every frame in order, handing `body` blocks of interleaved samples
    /// (`channels` per frame); throws when libsndfile reports an error or the data ends early.
    func forEachBlock(_ body: (UnsafeBufferPointer<Float>) throws -> Void) throws {
        let blockFrames = Swift.max(1, Self.blockSamples / info.channels)
        var buffer = [Float](repeating: 0, count: blockFrames * info.channels)
        var total = 0
        try buffer.withUnsafeMutableBufferPointer { buffer in
            while true {
                let frames = Int(sf_readf_float(handle, buffer.baseAddress, sf_count_t(blockFrames)))
                guard frames > 0 else { break }
                total += frames
                try body(UnsafeBufferPointer(rebasing: buffer[..<(frames * info.channels)]))
            }
        }
        guard sf_error(handle) == 0 else {
            throw FormatError(path: path, problem: "decoding failed after \(total) frames: \(String(cString: sf_strerror(handle)))")
        }
        guard total >= info.frames else {
            throw FormatError(path: path, problem: "cut off: the header promises \(info.frames) frames but only \(total) decode")
        }
    }

    /// Refuses empty files and WAV files whose chunks overrun the file.
    private static func check(path: String, _ bytes: ContainerBytes) throws {
        if bytes.size == 0 { throw FormatError(path: path, problem: "empty file") }
        if let problem = RIFFChunkCheck.problem(bytes) { throw FormatError(path: path, problem: problem) }
    }
}
