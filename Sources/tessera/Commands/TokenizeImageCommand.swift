import ArgumentParser
import Foundation
import Tessera

/// `tessera tokenize image`: PNG images to a token file of image segments.
struct TokenizeImageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Encode PNG images with a VQ image tokenizer into a token file of one image segment per image."
    )

    @Argument(help: "The PNG images to encode.")
    var inputs: [String]

    @Option(help: "The image tokenizer directory (config.json, model.safetensors).")
    var tokenizer: String

    @Option(help: "Center-crop each image to a square and resize it to N×N first.")
    var size: Int?

    @Option(name: [.short, .customLong("output")], help: "The token file to write (.tok).")
    var output: String

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("Give at least one image.") }
        if let size, size <= 0 { throw ValidationError("--size must be positive.") }
    }

    func run() throws {
        let model = try ImageTokenization(directory: URL(fileURLWithPath: tokenizer))
        try model.tokenize(inputs.map { URL(fileURLWithPath: $0) }, size: size).write(to: URL(fileURLWithPath: output))
    }
}
