import Foundation
import Media

/// What `tessera media info` reports about one media file.
public enum MediaSummary: Equatable {
    case image(path: String, header: PNGHeader)
    case audio(path: String, info: AudioInfo)

    /// One human-readable line: "cat.png: PNG image, 640×480, RGBA".
    public var text: String {
        switch self {
        case .image(let path, let header):
            return "\(path): PNG image, \(header.width)×\(header.height), \(header.layoutDescription)"
        case .audio(let path, let info):
            let channels = info.channels == 1 ? "1 channel" : "\(info.channels) channels"
            return "\(path): \(info.format) audio (\(info.encoding)), \(info.sampleRate) Hz, \(channels), "
                + "\(info.frames) frames, \(String(format: "%.3f", info.duration)) s"
        }
    }

    /// The same facts as a JSON object with sorted keys.
    public func json() throws -> String {
        let object: [String: Any]
        switch self {
        case .image(let path, let header):
            object = ["file": path, "kind": "image", "format": "PNG", "width": header.width, "height": header.height,
                      "layout": header.layoutDescription, "alpha": header.hasAlpha,
                      "bit_depth": header.hasSixteenBitSamples ? 16 : 8]
        case .audio(let path, let info):
            object = ["file": path, "kind": "audio", "format": info.format, "encoding": info.encoding,
                      "sample_rate": info.sampleRate, "channels": info.channels, "frames": info.frames,
                      "duration": info.duration]
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}
