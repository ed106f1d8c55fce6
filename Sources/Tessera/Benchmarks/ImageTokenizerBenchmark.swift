import Foundation
import ImageTokenizer
import Media
import Tensor

/// `tessera bench image`: encode/decode speed against PyTorch on the same weights and threads,
/// held-out quality (PSNR, SSIM, codebook usage), and rate–distortion at the tokenizer's bits per
/// image against JPEG (entropy-coded bytes only) and a bicubic-upsampled thumbnail of the same bytes.
public struct ImageTokenizerBenchmark {
    public var tokenizer: URL
    /// Held-out images: a folder of PNGs or a JSONL manifest.
    public var heldout: URL
    /// Images per timed encode/decode call.
    public var batch = 8
    public var seconds = 2.0
    /// Held-out images measured for quality (nil: all).
    public var limit: Int?
    /// tools/bench_image_reference.py, or nil to skip the references.
    public var referenceScript: URL?

    public init(tokenizer: URL, heldout: URL) {
        (self.tokenizer, self.heldout) = (tokenizer, heldout)
    }

    /// One row of the rate–distortion table.
    public struct QualityRow: Encodable {
        public let method: String
        /// Bytes per image (entropy-coded bytes for JPEG, raw bytes for the thumbnail).
        public let bytes: Double
        public let psnr: Double
        public let ssim: Double
    }

    public struct Report: Encodable {
        public let tokenizer: String
        public let images: Int
        public let imageSize: Int
        public let grid: [Int]
        public let codebookSize: Int
        public let bitsPerImage: Double
        public let threads: Int
        public let kernel: String
        public let batch: Int
        public let encodeImagesPerSecond: Double
        public let decodeImagesPerSecond: Double
        public let torchEncodeImagesPerSecond: Double?
        public let torchDecodeImagesPerSecond: Double?
        /// Tessera's speed over PyTorch's for encode + decode of one batch (above 1: faster).
        public let ratioToTorch: Double?
        public let codebookUsage: Double
        public let quality: [QualityRow]
        public let referenceUnavailable: String?
    }

    private struct Reference: Decodable {
        struct Torch: Decodable { let encode_seconds: Double, decode_seconds: Double }
        struct JPEG: Decodable { let mean_entropy_bytes: Double, mean_quality: Double, over_budget: Int }
        struct Thumbnail: Decodable { let side: Int, bytes: Int }
        let torch: Torch, jpeg: JPEG, thumbnail: Thumbnail
    }

    public func run(progress: (String) -> Void = { _ in }) throws -> Report {
        let model = try JanusVQVAE.load(from: tokenizer)
        let config = model.config
        let size = config.patchesPerSide * config.downsamplingFactor
        let files = Array(try ImageTrainingSet.files(in: heldout).prefix(limit ?? Int.max))
        let set = try ImageTrainingSet(files: files, size: size)
        let bits = Double(config.patchesPerSide * config.patchesPerSide) * log2(Double(config.codebookSize))

        progress("timing encode and decode of \(batch) images…")
        let batchImages = set.batch(Array(0..<Swift.min(batch, set.images.count)), mirror: Array(repeating: false, count: batch))
        let grid = (config.patchesPerSide, config.patchesPerSide)
        let codes = try withoutGradient { try model.encode(batchImages).codes }
        let encodeSeconds = Stopwatch.median(minimumSeconds: seconds) { _ = withoutGradient { try? model.encode(batchImages) } }
        let decodeSeconds = Stopwatch.median(minimumSeconds: seconds) {
            _ = withoutGradient { try? model.decode(codes: codes, grid: grid, batch: batchImages.shape[0]) }
        }

        progress("measuring quality on \(set.images.count) held-out images…")
        var reconstructions: [RGBImage] = [], allCodes: [Int32] = []
        try withoutGradient {
            for start in stride(from: 0, to: set.images.count, by: 32) {
                let indices = Array(start..<Swift.min(start + 32, set.images.count))
                let (chunkCodes, _) = try model.encode(set.batch(indices, mirror: indices.map { _ in false }))
                allCodes += chunkCodes
                reconstructions += RGBImage.images(fromBatch: try model.decode(codes: chunkCodes, grid: grid, batch: indices.count))
            }
        }
        var quality = [Self.row("Tessera VQ \(config.patchesPerSide)×\(config.patchesPerSide) codes", bytes: bits / 8,
                                set.images, reconstructions)]

        var reference: Result<Reference, ReferenceUnavailable> = .failure(ReferenceUnavailable(reason: "not requested"))
        if let referenceScript {
            progress("running the references (PyTorch, JPEG, thumbnail)…")
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-bench-image-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: scratch) }
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            let list = scratch.appendingPathComponent("images.txt")
            try (files.map(\.path).joined(separator: "\n") + "\n").write(to: list, atomically: true, encoding: .utf8)
            reference = ReferenceScript.run(referenceScript, arguments: [
                "--tokenizer", tokenizer.path, "--images", list.path, "--batch", String(batch),
                "--threads", String(ThreadPool.threadCount), "--seconds", String(seconds),
                "--budget-bytes", String(Int(bits / 8)), "--out", scratch.path,
            ], as: Reference.self)
            if case .success(let measured) = reference {
                let decoder = PNGDecoder()
                let jpeg = try (0..<files.count).map { try decoder.decode(scratch.appendingPathComponent("jpeg-\($0).png")) }
                let thumbnails = try (0..<files.count).map { try decoder.decode(scratch.appendingPathComponent("thumbnail-\($0).png")) }
                quality.append(Self.row(String(format: "JPEG (libjpeg-turbo, mean quality %.1f, %d over budget)",
                                               measured.jpeg.mean_quality, measured.jpeg.over_budget),
                                        bytes: measured.jpeg.mean_entropy_bytes, set.images, jpeg))
                quality.append(Self.row("thumbnail \(measured.thumbnail.side)×\(measured.thumbnail.side), bicubic up",
                                        bytes: Double(measured.thumbnail.bytes), set.images, thumbnails))
            }
        }
        let torch = try? reference.get().torch
        let images = Double(batchImages.shape[0])
        return Report(
            tokenizer: tokenizer.path, images: set.images.count, imageSize: size, grid: [grid.0, grid.1],
            codebookSize: config.codebookSize, bitsPerImage: bits, threads: ThreadPool.threadCount, kernel: BLAS.kernelName,
            batch: batchImages.shape[0], encodeImagesPerSecond: images / encodeSeconds, decodeImagesPerSecond: images / decodeSeconds,
            torchEncodeImagesPerSecond: torch.map { images / $0.encode_seconds },
            torchDecodeImagesPerSecond: torch.map { images / $0.decode_seconds },
            ratioToTorch: torch.map { ($0.encode_seconds + $0.decode_seconds) / (encodeSeconds + decodeSeconds) },
            codebookUsage: ImageQuality.codebookUsage(allCodes, codebookSize: config.codebookSize), quality: quality,
            referenceUnavailable: { if case .failure(let why) = reference { return why.reason } else { return nil } }())
    }

    private static func row(_ method: String, bytes: Double, _ originals: [RGBImage], _ decoded: [RGBImage]) -> QualityRow {
        let count = Double(originals.count)
        return QualityRow(method: method, bytes: bytes,
                          psnr: zip(originals, decoded).map { ImageQuality.psnr($0, $1) }.reduce(0, +) / count,
                          ssim: zip(originals, decoded).map { ImageQuality.ssim($0, $1) }.reduce(0, +) / count)
    }
}

extension ImageTokenizerBenchmark.Report {
    /// The report as plain text.
    public func table() -> String {
        func rate(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "-" }
        var lines = [
            "image tokenizer \(tokenizer): \(imageSize)×\(imageSize) → \(grid[0])×\(grid[1]) codes of \(codebookSize) "
                + String(format: "(%.0f bits/image); OpenBLAS %@, %d threads", bitsPerImage, kernel, threads),
            String(format: "speed (batch %d, images/s): encode %.1f (PyTorch %@), decode %.1f (PyTorch %@); encode+decode ratio to PyTorch %@",
                   batch, encodeImagesPerSecond, rate(torchEncodeImagesPerSecond), decodeImagesPerSecond,
                   rate(torchDecodeImagesPerSecond), ratioToTorch.map { String(format: "%.2f×", $0) } ?? "-"),
            String(format: "held-out (%d images): codebook usage %.1f%%", images, 100 * codebookUsage),
            "method".padding(toLength: 56, withPad: " ", startingAt: 0) + "bytes".leftPadded(8) + "PSNR dB".leftPadded(9) + "SSIM".leftPadded(8),
        ]
        for row in quality {
            lines.append(row.method.padding(toLength: 56, withPad: " ", startingAt: 0) + String(format: "%.1f", row.bytes).leftPadded(8)
                + String(format: "%.2f", row.psnr).leftPadded(9) + String(format: "%.3f", row.ssim).leftPadded(8))
        }
        if let referenceUnavailable { lines.append("references unavailable: \(referenceUnavailable)") }
        return lines.joined(separator: "\n")
    }
}
