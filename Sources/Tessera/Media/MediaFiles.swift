import Formats
import Foundation
import Media

/// Inspection and conversion of media files, as `tessera media` offers them.
///
/// A file's kind comes from its name: `.png` is an image (read with libpng), anything else is
/// audio (read with libsndfile, which recognises WAV, FLAC, Ogg and more by content). A file
/// whose content does not match its name is an error.
public enum MediaFiles {
    /// Images or audio.
    public enum Kind: String {
        /// A PNG image.
        case image
        /// Anything libsndfile reads.
        case audio

        /// The kind a file name says.
        public init(of url: URL) { self = url.pathExtension.lowercased() == "png" ? .image : .audio }
    }

    /// The file's format and size; every pixel or sample is decoded to check the file.
    public static func summary(of url: URL) throws -> MediaSummary {
        switch Kind(of: url) {
        case .image:
            let decoder = PNGDecoder()
            _ = try decoder.decode(url)
            return .image(path: url.path, header: try decoder.header(of: url))
        case .audio:
            return .audio(path: url.path, info: try AudioDecoder().info(of: url))
        }
    }

    /// Converts `input` to `output`, whose extension picks the format: a PNG image to PNG
    /// (centre-cropped to a square and resized to `size × size` when `size` is given; pixel for
    /// pixel otherwise), audio to a mono WAV file (resampled to `sampleRate` when given; 16-bit
    /// PCM, or 32-bit float when `floatSamples`). The output is written atomically.
    public static func convert(_ input: URL, to output: URL, size: Int? = nil, sampleRate: Int? = nil,
                               floatSamples: Bool = false) throws {
        let outputExtension = output.pathExtension.lowercased()
        guard ["png", "wav"].contains(outputExtension) else {
            throw FormatError(output, "cannot write '.\(outputExtension)' files: name the output .png or .wav")
        }
        let inputKind = Kind(of: input), outputKind = Kind(of: output)
        guard inputKind == outputKind else {
            throw FormatError(input, "cannot convert \(inputKind.rawValue) to \(outputKind.rawValue) (\(output.lastPathComponent))")
        }
        switch inputKind {
        case .image:
            let image = try PNGDecoder().decode(input)
            try (size.map { image.centerCroppedToSquare(size: $0) } ?? image).writePNG(to: output)
        case .audio:
            let clip = try AudioDecoder().decode(input, sampleRate: sampleRate)
            try clip.writeWAV(to: output, format: floatSamples ? .float32 : .pcm16)
        }
    }
}
