import AudioTokenizer
import Tensor
import XCTest

/// Input the audio tokenizer cannot take is a thrown one-line error, not a crash.
final class EncodecInputErrorTests: XCTestCase {
    private func assertError(_ expression: @autoclosure () throws -> Any, contains text: String, line: UInt = #line) {
        XCTAssertThrowsError(try expression(), line: line) { error in
            let description = String(describing: error)
            XCTAssertTrue(description.contains(text), description, line: line)
            XCTAssertFalse(description.contains("\n"), line: line)
        }
    }

    func testEmptyAudioIsRefused() throws {
        let model = try EncodecModel(contentsOf: EncodecFixture.directory)
        assertError(try model.encode(Tensor(zeros: [1, 1, 0]), bandwidth: 1.5), contains: "the audio is empty")
        assertError(try model.encode(Tensor(zeros: [1, 2, 10]), bandwidth: 1.5), contains: "audio must be [batch, 1, samples]")
    }

    func testWrongLevelCountIsRefused() throws {
        let model = try EncodecModel(contentsOf: EncodecFixture.directory)
        let levels = model.levels(forBandwidth: 0)
        let tooMany = [[Int32]](repeating: [0, 0], count: levels + 1)
        assertError(try model.decode(codes: [tooMany]), contains: "\(levels + 1) levels, but the model has 1 to \(levels)")
        assertError(try model.decode(codes: [[]]), contains: "no codes")
        assertError(try model.decode(codes: [[[0, 0], [0]]]), contains: "unequal")
    }

    func testCodesOutsideTheCodebookAreRefused() throws {
        let model = try EncodecModel(contentsOf: EncodecFixture.directory)
        let size = model.config.codebookSize
        assertError(try model.decode(codes: [[[0, Int32(size)]]]), contains: "code \(size) lies outside the codebook of \(size)")
        assertError(try model.decode(codes: [[[-1, 0]]]), contains: "code -1")
    }
}
