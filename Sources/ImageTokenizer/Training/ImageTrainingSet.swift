import Formats
import Foundation
import Media
import Tensor

/// The images a tokenizer trains or is measured on, decoded once, center-cropped to squares of
/// one size and kept as 8-bit pixels.
public struct ImageTrainingSet {
    /// The images, all `size × size`.
    public let images: [RGBImage]
    /// Where each image came from.
    public let files: [URL]
    /// The side of every image.
    public let size: Int

    /// Decodes `files`, reporting each finished count to `progress`.
    public init(files: [URL], size: Int, progress: (Int) -> Void = { _ in }) throws {
        guard !files.isEmpty else { throw ImageTokenizerError("no images to train on") }
        let decoder = PNGDecoder()
        var images: [RGBImage] = []
        images.reserveCapacity(files.count)
        for (index, file) in files.enumerated() {
            images.append(try decoder.decode(file).centerCroppedToSquare(size: size))
            progress(index + 1)
        }
        (self.images, self.files, self.size) = (images, files, size)
    }

    /// The PNG files a `--data` argument names: every `.png` under a directory (sorted by path), or
    /// the `image` entries of a JSONL manifest (paths relative to the manifest's folder).
    public static func files(in source: URL) throws -> [URL] {
        try MediaFileList.files(in: source, key: "image", extensions: ["png"])
    }

    /// The images at `indices`, mirrored where `mirror` says, as [batch, 3, size, size] in [−1, 1].
    public func batch(_ indices: [Int], mirror: [Bool]) -> Tensor {
        RGBImage.batchTensor(zip(indices, mirror).map { index, flip in flip ? images[index].flippedHorizontally() : images[index] })
    }
}
