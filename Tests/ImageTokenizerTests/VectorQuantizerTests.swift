import ImageTokenizer
import Tensor
import XCTest

/// The quantizer's two lookups on a codebook whose rows are not unit norm (as in real Janus weights).
final class VectorQuantizerTests: XCTestCase {
    /// A 2-row, 2-dimensional codebook where the nearest raw row and the nearest normalised row differ.
    private func model() -> JanusVQVAE {
        var config = JanusVQVAEConfig()
        (config.baseChannels, config.channelMultiplier, config.residualBlocksPerLevel) = (32, [1], 1)
        (config.latentChannels, config.embeddingDimension, config.codebookSize) = (32, 2, 2)
        let model = JanusVQVAE(config: config)
        model.quantizer.embedding.assign(Tensor(shape: [2, 2], values: [1, 0, 3, 0.1]))
        return model
    }

    func testCodesAreNearestRawRows() {
        // z = (2.5, 0): ‖z − (3, 0.1)‖² = 0.26 beats ‖z − (1, 0)‖² = 2.25, although (1, 0) is
        // nearer once both rows are normalised.
        let latents = Tensor(shape: [1, 2, 1, 2], values: [2.5, 0.9, 0, 0])  // [batch, dimension, 1, 2]
        XCTAssertEqual(model().quantizer.codes(latents), [1, 0])
    }

    func testDecodingLatentsAreNormalisedRows() throws {
        let rows = try model().quantizer.latents(for: [1, 0], batch: 1, height: 1, width: 2).toArray()  // [1, 2, 1, 2]
        let norm = Float(9.01).squareRoot()
        XCTAssertEqual(rows[0], 3 / norm, accuracy: 1e-6)
        XCTAssertEqual(rows[1], 1, accuracy: 1e-6)
        XCTAssertEqual(rows[2], 0.1 / norm, accuracy: 1e-6)
        XCTAssertEqual(rows[3], 0, accuracy: 1e-6)
    }
}
