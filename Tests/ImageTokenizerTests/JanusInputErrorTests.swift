import ImageTokenizer
import Tensor
import XCTest

/// Input the image tokenizer cannot take is a thrown one-line error, not a crash.
final class JanusInputErrorTests: XCTestCase {
    /// A tiny random model: one downsampling level (factor 2), a 4-row codebook.
    private let model: JanusVQVAE = {
        var config = JanusVQVAEConfig()
        (config.baseChannels, config.channelMultiplier, config.residualBlocksPerLevel) = (32, [1, 1], 1)
        (config.latentChannels, config.embeddingDimension, config.codebookSize) = (32, 2, 4)
        return JanusVQVAE(config: config)
    }()

    private func assertError(_ expression: @autoclosure () throws -> Any, contains text: String, line: UInt = #line) {
        XCTAssertThrowsError(try expression(), line: line) { error in
            let description = String(describing: error)
            XCTAssertTrue(description.contains(text), description, line: line)
            XCTAssertFalse(description.contains("\n"), line: line)
        }
    }

    func testImageSidesMustBeMultiplesOfTheFactor() {
        assertError(try model.encode(Tensor(zeros: [1, 3, 6, 5])), contains: "multiples of 2")
    }

    func testImagesMustHaveThreeChannels() {
        assertError(try model.encode(Tensor(zeros: [1, 1, 4, 4])), contains: "are not [batch, 3")
    }

    func testCodesOutsideTheCodebookAreRefused() {
        assertError(try model.decode(codes: [0, 4, 1, 2], grid: (2, 2), batch: 1), contains: "code 4 lies outside the codebook of 4")
        assertError(try model.decode(codes: [0, -1, 1, 2], grid: (2, 2), batch: 1), contains: "code -1")
    }

    func testCodesMustFillTheGrid() {
        assertError(try model.decode(codes: [0, 1, 2], grid: (2, 2), batch: 1), contains: "do not fill a 1×2×2 grid")
    }
}
