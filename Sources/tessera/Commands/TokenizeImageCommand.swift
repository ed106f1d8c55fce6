import ArgumentParser
import Foundation
import Tensor
import Tessera

/// `tessera tokenize image`: PNG images to a token file of image segments.
struct TokenizeImageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Encode PNG images with a VQ image tokenizer into a token file of one image segment per image."
    )

    @OptionGroup var files: MediaTokenizeOptions

    @Option(help: "Center-crop each image to a square and resize it to N×N first.")
    var size: Int?

    @Option(help: "Threads that decode images and run the encoder (default: all cores).")
    var workers: Int?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if let size, size <= 0 { throw ValidationError("--size must be positive.") }
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1.") }
    }

    func run() throws {
        if let workers { ThreadPool.limit(to: workers) }
        let model = try ImageTokenization(directory: files.tokenizerURL)
        let bar = ProgressBar("images", total: files.inputURLs.count, quiet: quiet)
        let tokens = try model.tokenize(files.inputURLs, size: size) { bar.update($0) }
        bar.finish()
        try files.write(tokens)
    }
}
