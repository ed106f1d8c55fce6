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
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isDirectory) else {
            throw FormatError(source, "no such file or directory")
        }
        if isDirectory.boolValue {
            let walker = FileManager.default.enumerator(at: source, includingPropertiesForKeys: nil)
            let pngs = (walker?.allObjects as? [URL] ?? []).filter { $0.pathExtension.lowercased() == "png" }
            guard !pngs.isEmpty else { throw FormatError(source, "holds no .png files") }
            return pngs.sorted { $0.path < $1.path }
        }
        return try manifestImages(source)
    }

    private static func manifestImages(_ manifest: URL) throws -> [URL] {
        let text = try FileContents.readText(manifest, maximumSize: 1 << 30)
        let folder = manifest.deletingLastPathComponent()
        var files: [URL] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy(\.isWhitespace) {
            guard let entry = try? JSONValue.parse(Data(line.utf8)).objectValue, let path = entry["image"]?.stringValue else {
                throw FormatError(manifest, "line \(index + 1) is not a JSON object with an \"image\" path")
            }
            files.append(path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path))
        }
        guard !files.isEmpty else { throw FormatError(manifest, "lists no images") }
        return files
    }

    /// The images at `indices`, mirrored where `mirror` says, as [batch, 3, size, size] in [−1, 1].
    public func batch(_ indices: [Int], mirror: [Bool]) -> Tensor {
        RGBImage.batchTensor(zip(indices, mirror).map { index, flip in flip ? images[index].flippedHorizontally() : images[index] })
    }
}
