import Formats
import ImageTokenizer
import XCTest

/// Reading `JanusVQVAEConfig` from a Hugging Face `config.json`.
final class JanusVQVAEConfigTests: XCTestCase {
    func testReadsFixtureConfig() throws {
        let config = try JanusVQVAEConfig(contentsOf: JanusParityTests.directory.appendingPathComponent("config.json"))
        XCTAssertEqual(config.baseChannels, 32)
        XCTAssertEqual(config.channelMultiplier, [1, 1, 1, 1, 1])
        XCTAssertEqual(config.residualBlocksPerLevel, 1)
        XCTAssertEqual(config.latentChannels, 32)
        XCTAssertEqual(config.embeddingDimension, 8)
        XCTAssertEqual(config.codebookSize, 256)
        XCTAssertEqual(config.patchesPerSide, 4)
        XCTAssertEqual(config.downsamplingFactor, 16)
    }

    func testAbsentKeysTakeHuggingFaceDefaults() throws {
        XCTAssertEqual(try JanusVQVAEConfig(HFConfig(values: [:])), JanusVQVAEConfig())
    }

    func testChannelsThatGroupNormCannotSplitAreAnError() {
        XCTAssertThrowsError(try JanusVQVAEConfig(HFConfig(values: ["base_channels": .integer(16)]))) { error in
            XCTAssertTrue("\(error)".contains("multiple of 32"), "\(error)")
        }
    }
}
