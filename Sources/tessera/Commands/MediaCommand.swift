import ArgumentParser
import Foundation
import Tessera

/// `tessera media`: inspect and convert PNG images and audio files.
struct MediaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "media",
        abstract: "Inspect and convert PNG images and audio files (WAV, FLAC, Ogg, … through libsndfile).",
        subcommands: [Info.self, Convert.self]
    )

    /// `tessera media info FILE [--json]`.
    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a file's format and size (width×height, or sample rate, channels, frames and duration).",
            discussion: "The whole file is decoded, so a damaged file is reported as an error."
        )

        @Argument(help: "A .png image or an audio file.")
        var file: String

        @Flag(help: "Print a JSON object instead of a line of text.")
        var json = false

        func run() throws {
            let summary = try MediaFiles.summary(of: URL(fileURLWithPath: file))
            print(json ? try summary.json() : summary.text)
        }
    }

    /// `tessera media convert IN OUT [--size N] [--sample-rate R] [--float32]`.
    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert a PNG to PNG or audio to WAV; OUT's extension (.png or .wav) picks the format.",
            discussion: "Images become 8-bit RGB (transparency composited on white); audio becomes mono (channels averaged)."
        )

        @Argument(help: "The input: a .png image or an audio file.")
        var input: String

        @Argument(help: "The output: a .png or .wav file, written atomically.")
        var output: String

        @Option(help: "Centre-crop PNG output to a square and resize it to N×N pixels.")
        var size: Int?

        @Option(help: "Resample audio output to R Hz (scipy.signal.resample_poly's filter).")
        var sampleRate: Int?

        @Flag(help: "Write 32-bit float WAV samples instead of 16-bit PCM.")
        var float32 = false

        func validate() throws {
            let image = URL(fileURLWithPath: output).pathExtension.lowercased() == "png"
            if let size, size <= 0 { throw ValidationError("--size must be positive, got \(size)") }
            if let sampleRate, sampleRate <= 0 { throw ValidationError("--sample-rate must be positive, got \(sampleRate)") }
            if size != nil && !image { throw ValidationError("--size applies to PNG output only") }
            if (sampleRate != nil || float32) && image { throw ValidationError("--sample-rate and --float32 apply to WAV output only") }
        }

        func run() throws {
            try MediaFiles.convert(URL(fileURLWithPath: input), to: URL(fileURLWithPath: output),
                                   size: size, sampleRate: sampleRate, floatSamples: float32)
        }
    }
}
