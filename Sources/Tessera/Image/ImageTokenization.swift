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
    /// each side must already be a multiple of the model's downsampling factor. The PNGs are decoded
    /// on `ThreadPool.threadCount` threads; consecutive images of one size are encoded in batches of
    /// up to 16. The result does not depend on the thread count. `progress` hears the count of images done.
    public func tokenize(_ urls: [URL], size: Int?, progress: (Int) -> Void = { _ in }) throws -> TokenFile {
        var segments: [TokenSegment] = []
        for start in stride(from: 0, to: urls.count, by: Self.batchSize) {
            let images = try prepared(Array(urls[start..<Swift.min(start + Self.batchSize, urls.count)]), size: size)
            var first = 0
            while first < images.count {
                let end = images[first...].firstIndex { $0.width != images[first].width || $0.height != images[first].height } ?? images.count
                let (codes, grid) = try withoutGradient { try model.encode(RGBImage.batchTensor(Array(images[first..<end]))) }
                let perImage = grid.0 * grid.1
                for index in 0..<(end - first) {
                    segments.append(TokenSegment(modality: .image, shape: [grid.0, grid.1], codebookSize: model.config.codebookSize,
                                                 codes: codes[(index * perImage)..<((index + 1) * perImage)].map(Int.init)))
                }
                first = end
            }
            progress(segments.count)
        }
        return TokenFile(segments: segments, vocabularyChecksum: checksum)
    }

    private static let batchSize = 16

    /// The images of `urls`, decoded in parallel, cropped and checked; the first failure in order is thrown.
    private func prepared(_ urls: [URL], size: Int?) throws -> [RGBImage] {
        var results = [Result<RGBImage, Error>](repeating: .failure(CancellationError()), count: urls.count)
        let factor = model.config.downsamplingFactor
        results.withUnsafeMutableBufferPointer { slots in
            parallelFor(urls.count) { range in
                for index in range {
                    slots[index] = Result {
                        let image = try PNGDecoder().decode(urls[index])
                        let prepared = size.map { image.centerCroppedToSquare(size: $0) } ?? image
                        guard prepared.width % factor == 0, prepared.height % factor == 0 else {
                            let hint = size == nil ? "; give --size N to center-crop and resize it" : " (--size \(size!))"
                            throw FormatError(urls[index], "the image is \(prepared.width)×\(prepared.height), but both sides must be multiples of \(factor)\(hint)")
                        }
                        return prepared
                    }
                }
            }
        }
        return try results.map { try $0.get() }
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
