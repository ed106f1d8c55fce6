import Formats
import Foundation
import ImageTokenizer
import Media
import Tensor

/// PNG images to token files and back with a Janus/LlamaGen VQ image tokenizer directory.
public struct ImageTokenization {
    /// The loaded model.
    public let model: JanusVQVAE
    /// The SHA-256 of the directory's `model.safetensors`, recorded in every token file made here.
    public let checksum: SHA256Digest
    /// The tokenizer directory's path, named in errors.
    public let source: String

    /// Loads the tokenizer directory (`config.json`, `model.safetensors`).
    public init(directory: URL) throws {
        model = try JanusVQVAE.load(from: directory)
        checksum = try TokenizerChecksum.ofModel(in: directory)
        source = directory.path
    }

    /// A token file with one image segment ([rows, columns] of codes) per PNG in `urls`. With
    /// `size`, each image is center-cropped to a square and resized to `size × size`; without it,
    /// each side must already be a multiple of the model's downsampling factor.
    public func tokenize(_ urls: [URL], size: Int?) throws -> TokenFile {
        let segments = try urls.map { url in
            let image = try PNGDecoder().decode(url)
            let prepared = size.map { image.centerCroppedToSquare(size: $0) } ?? image
            let factor = model.config.downsamplingFactor
            guard prepared.width % factor == 0, prepared.height % factor == 0 else {
                let hint = size == nil ? "; give --size N to center-crop and resize it" : " (--size \(size!))"
                throw FormatError(url, "the image is \(prepared.width)×\(prepared.height), but both sides must be multiples of \(factor)\(hint)")
            }
            let (codes, grid) = try withoutGradient { try model.encode(prepared.tensor().reshaped([1, 3, prepared.height, prepared.width])) }
            return TokenSegment(modality: .image, shape: [grid.0, grid.1], codebookSize: model.config.codebookSize,
                                codes: codes.map(Int.init))
        }
        return TokenFile(segments: segments, vocabularyChecksum: checksum)
    }

    /// The image of every segment of `file` (read from `url`, named in errors). Throws when the file
    /// was made with another tokenizer or holds other modalities.
    public func detokenize(_ file: TokenFile, from url: URL) throws -> [RGBImage] {
        try TokenizerChecksum.require(file, from: url, madeWith: checksum, source: source)
        return try TokenizerChecksum.segments(of: file, from: url, modality: .image, codebookSize: model.config.codebookSize,
                                              source: source).map { segment in
            let grid = (segment.shape[0], segment.shape[1])
            let pixels = try withoutGradient {
                try model.decode(codes: segment.codes.map { Int32($0) }, grid: grid, batch: 1)  // [1, 3, height, width]
            }
            return RGBImage(tensor: pixels.reshaped(Array(pixels.shape.dropFirst())))
        }
    }
}
