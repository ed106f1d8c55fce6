@testable import AudioTokenizer
import Tensor
import XCTest

/// The EMA codebook update and dead-code restarts, on values worked out by hand (k-means: NNTests).
final class CodebookTrainingTests: XCTestCase {
    /// One EMA step at decay 0.5 from a known state: counts and sums move halfway to the batch's,
    /// and each row becomes sum / Laplace-smoothed count.
    func testEMAUpdateArithmetic() {
        let averages = CodebookAverages(size: 2, dimension: 1)
        let codebook = Tensor(zeros: [2, 1])
        averages.start(codebook: codebook, centroids: Tensor(shape: [2, 1], values: [0, 10]), counts: [1, 1], vectorsPerStep: 2)
        XCTAssertEqual(averages.clusterSize.toArray(), [1, 1])
        XCTAssertEqual(averages.embedSum.toArray(), [0, 10])
        // Three vectors near code 0 (mean 2), one at code 1 (value 12).
        let vectors = Tensor(shape: [4, 1], values: [1, 2, 3, 12])
        averages.update(codebook: codebook, vectors: vectors, codes: [0, 0, 0, 1], decay: 0.5, epsilon: 0)
        XCTAssertEqual(averages.clusterSize.toArray(), [2, 1])       // 0.5·1 + 0.5·3, 0.5·1 + 0.5·1
        XCTAssertEqual(averages.embedSum.toArray(), [3, 11])         // 0.5·0 + 0.5·6, 0.5·10 + 0.5·12
        XCTAssertEqual(codebook.toArray()[0], 1.5, accuracy: 1e-6)   // 3 / 2
        XCTAssertEqual(codebook.toArray()[1], 11, accuracy: 1e-6)    // 11 / 1
        XCTAssertEqual(averages.initialized.toArray(), [1])
    }

    /// A code nobody picks decays below the threshold, counts as unused, and restarts at one of
    /// the batch's vectors; a code in use is left alone.
    func testDeadCodeRestartsAtABatchVector() {
        let averages = CodebookAverages(size: 2, dimension: 2)
        let codebook = Tensor(zeros: [2, 2])
        averages.start(codebook: codebook, centroids: Tensor(shape: [2, 2], values: [0, 0, 100, 100]), counts: [1, 1],
                       vectorsPerStep: 4)
        let vectors = Tensor(shape: [4, 2], values: [1, 1, 2, 2, 3, 3, 4, 4])
        var generator = RandomGenerator(seed: 3)
        for _ in 0..<5 {
            averages.update(codebook: codebook, vectors: vectors, codes: [0, 0, 0, 0], decay: 0.5)
        }
        XCTAssertLessThan(averages.clusterSize.toArray()[1], 0.1)   // 2 · 0.5⁵
        XCTAssertEqual(averages.usage(threshold: 0.1), 0.5)
        let restarted = averages.replaceDeadCodes(codebook: codebook, vectors: vectors, threshold: 0.1, generator: &generator)
        XCTAssertEqual(restarted, 1)
        let row = Array(codebook.toArray()[2..<4])
        XCTAssertTrue([[1, 1], [2, 2], [3, 3], [4, 4]].contains(row), "restarted at \(row)")
        XCTAssertEqual(averages.clusterSize.toArray()[1], 0.2, accuracy: 1e-6)
        XCTAssertEqual(averages.usage(threshold: 0.1), 1)
        XCTAssertEqual(averages.replaceDeadCodes(codebook: codebook, vectors: vectors, threshold: 0.1, generator: &generator), 0)
    }
}
