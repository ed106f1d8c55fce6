import ImageTokenizer
import Media
import Tensor
import XCTest

/// k-means initialisation, dead-code restarts, the plain-codebook mode and the quality metrics.
final class QuantizerMaintenanceTests: XCTestCase {
    /// A model whose quantizer has `rows` rows of dimension 2.
    private func model(rows: Int, l2: Bool) -> JanusVQVAE {
        var config = JanusVQVAEConfig()
        (config.baseChannels, config.channelMultiplier, config.residualBlocksPerLevel) = (32, [1], 1)
        (config.latentChannels, config.embeddingDimension, config.codebookSize, config.codebookL2Normalized) = (32, 2, rows, l2)
        return JanusVQVAE(config: config)
    }

    /// Latents [1, 2, 1, count] at `points` (x, y).
    private func latents(_ points: [(Float, Float)]) -> Tensor {
        Tensor(shape: [1, 2, 1, points.count], values: points.map(\.0) + points.map(\.1))
    }

    func testKMeansFindsThreeClusters() {
        var generator = RandomGenerator(seed: 3)
        let centers: [(Float, Float)] = [(0, 0), (10, 0), (0, 10)]
        let points = (0..<90).map { index -> (Float, Float) in
            let center = centers[index % 3]
            return (center.0 + 0.5 * generator.nextNormal(), center.1 + 0.5 * generator.nextNormal())
        }
        let quantizer = model(rows: 3, l2: false).quantizer
        quantizer.initializeWithKMeans(latents(points), iterations: 10, generator: &generator)
        let rows = quantizer.embedding.toArray()
        for center in centers {
            let nearest = (0..<3).map { hypot(rows[2 * $0] - center.0, rows[2 * $0 + 1] - center.1) }.min()!
            XCTAssertLessThan(nearest, 0.5, "no centroid near \(center): \(rows)")
        }
    }

    func testSphericalKMeansGivesUnitRows() {
        var generator = RandomGenerator(seed: 4)
        let points = (0..<40).map { _ in (3 + generator.nextNormal(), generator.nextNormal()) }
        let quantizer = model(rows: 2, l2: true).quantizer
        quantizer.initializeWithKMeans(latents(points), iterations: 5, generator: &generator)
        let rows = quantizer.embedding.toArray()
        XCTAssertEqual(hypot(rows[0], rows[1]), 1, accuracy: 1e-5)
        XCTAssertEqual(hypot(rows[2], rows[3]), 1, accuracy: 1e-5)
    }

    func testDeadCodesMoveOntoLatentsAndLiveOnesStay() {
        var generator = RandomGenerator(seed: 5)
        let quantizer = model(rows: 3, l2: false).quantizer
        let before = quantizer.embedding.toArray()
        let moved = quantizer.restartDeadCodes(usage: [4, 0, 2], minimumUses: 1, latents: latents([(7, 8)]), generator: &generator)
        XCTAssertEqual(moved, 1)
        let after = quantizer.embedding.toArray()
        XCTAssertEqual(Array(after[2...3]), [7, 8])
        XCTAssertEqual(Array(after[0...1]), Array(before[0...1]))
        XCTAssertEqual(Array(after[4...5]), Array(before[4...5]))
    }

    func testPlainCodebookDecodesRawRows() throws {
        let quantizer = model(rows: 2, l2: false).quantizer
        quantizer.embedding.assign(Tensor(shape: [2, 2], values: [3, 4, 1, 0]))
        XCTAssertEqual(try quantizer.latents(for: [0], batch: 1, height: 1, width: 1).toArray(), [3, 4])
    }

    func testStraightThroughPassesTheGradientAndPicksNearestUnitRow() {
        let quantizer = model(rows: 2, l2: true).quantizer
        quantizer.embedding.assign(Tensor(shape: [2, 2], values: [10, 0, 0, 0.1]))
        let input = latents([(0.1, 2)])
        input.requiresGrad = true
        let output = quantizer.trainingForward(input)
        XCTAssertEqual(output.codes, [1])  // the cosine search: (0.1, 2) points along the second row
        XCTAssertEqual(output.quantized.toArray(), [0, 1])
        output.quantized.sum().backward()
        let gradient = input.grad!.toArray()  // d/dz of the unit vector z/‖z‖, summed: nonzero
        XCTAssert(gradient.contains { abs($0) > 1e-3 }, "\(gradient)")
    }

    func testPSNRAndSSIM() {
        let gray = RGBImage(width: 16, height: 16, pixels: [UInt8](repeating: 100, count: 16 * 16 * 3))
        let brighter = RGBImage(width: 16, height: 16, pixels: [UInt8](repeating: 101, count: 16 * 16 * 3))
        XCTAssertEqual(ImageQuality.psnr(gray, brighter), 20 * log10(255.0), accuracy: 1e-9)
        XCTAssertEqual(ImageQuality.psnr(gray, gray), .infinity)
        let black = RGBImage(width: 1, height: 2, pixels: [0, 0, 0, 0, 0, 0])
        let mixed = RGBImage(width: 1, height: 2, pixels: [10, 0, 0, 0, 0, 20])
        XCTAssertEqual(ImageQuality.meanSquaredError(black, mixed), (100 + 400) / 6.0 / (255 * 255), accuracy: 1e-15)
        var generator = RandomGenerator(seed: 1)
        let texture = RGBImage(width: 16, height: 16, pixels: (0..<768).map { _ in UInt8(120 + generator.nextInt(below: 20)) })
        let noisy = RGBImage(width: 16, height: 16, pixels: texture.pixels.map { UInt8(clamping: Int($0) + generator.nextInt(below: 61) - 30) })
        XCTAssertEqual(ImageQuality.ssim(texture, texture), 1, accuracy: 1e-12)
        let degraded = ImageQuality.ssim(texture, noisy)
        XCTAssert(degraded < 0.5 && degraded > 0.01, "\(degraded)")
        XCTAssertEqual(ImageQuality.codebookUsage([1, 1, 3], codebookSize: 4), 0.5)
    }
}
