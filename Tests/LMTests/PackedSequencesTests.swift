import LM
import XCTest

/// Packing documents into windows and drawing batches.
final class PackedSequencesTests: XCTestCase {
    func testTargetsThatOpenADocumentAreIgnored() {
        let packed = PackedSequences(documents: [[1, 10, 11, 2], [1, 20, 2], [1, 30, 31, 32, 2]], sequenceLength: 4)
        XCTAssertEqual(packed.windowCount, 2, "12 ids: two windows of 4 inputs (+1 target)")
        let (inputs, targets) = packed.batch([0, 1])
        XCTAssertEqual(inputs, [1, 10, 11, 2, 1, 20, 2, 1])
        XCTAssertEqual(targets, [10, 11, 2, -100, 20, 2, -100, 30])
    }

    func testLossMaskLeavesTargetsOut() {
        let packed = PackedSequences(documents: [[1, 10, 11, 2], [1, 20, 2]], lossMasks: [[0, 0, 1, 1], [0, 1, 1]], sequenceLength: 6)
        XCTAssertEqual(packed.batch([0]).targets, [-100, 11, 2, -100, 20, 2])
    }

    func testEveryEpochVisitsEveryWindowOnceAndBatchesAreReproducible() {
        let packed = PackedSequences(documents: [Array(0..<101)], sequenceLength: 10)
        XCTAssertEqual(packed.windowCount, 10)
        let epoch = (0..<5).flatMap { packed.windows(ofBatch: $0, size: 2, seed: 3) }
        XCTAssertEqual(epoch.sorted(), Array(0..<10))
        XCTAssertNotEqual(epoch, Array(0..<10), "shuffled")
        XCTAssertEqual(packed.windows(ofBatch: 7, size: 3, seed: 3), packed.windows(ofBatch: 7, size: 3, seed: 3))
        XCTAssertNotEqual((5..<10).flatMap { packed.windows(ofBatch: $0, size: 2, seed: 3) }, epoch, "the next epoch is shuffled anew")
    }
}
