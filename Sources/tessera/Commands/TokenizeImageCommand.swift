import ArgumentParser
import Foundation
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

    func validate() throws {
        if let size, size <= 0 { throw ValidationError("--size must be positive.") }
    }

    func run() throws {
        let model = try ImageTokenization(directory: files.tokenizerURL)
        try files.write(model.tokenize(files.inputURLs, size: size))
    }
}
