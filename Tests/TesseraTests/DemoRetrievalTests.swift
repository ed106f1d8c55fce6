@testable import Tessera
import XCTest

/// The demo's retrieval scores and the distances they rest on.
final class DemoRetrievalTests: XCTestCase {
    func testScoresCountNearestOwnReferencesAndPairwiseWinsWithTiesAsHalf() {
        let distances: [[Double]] = [[1, 2, 3],  // own nearest
                                     [5, 1, 2],  // own nearest
                                     [0, 4, 4]]  // loses to reference 0, ties reference 1
        let score = DemoRetrieval(direction: .textToImage, measure: "test", distances: distances)
        XCTAssertEqual(score.count, 3)
        XCTAssertEqual(score.top1, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(score.winRate, (1 + 1 + 0.25) / 3, accuracy: 1e-12)
        let deviations = [1, 1, 0.25].map { $0 - 0.75 }
        XCTAssertEqual(score.winRateError, (deviations.map { $0 * $0 }.reduce(0, +) / 2 / 3).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(score.ownDistance, 2, accuracy: 1e-12)
        XCTAssertEqual(score.otherDistance, (2.5 + 3.5 + 2) / 3, accuracy: 1e-12)
    }

    func testATieWithEveryOtherReferenceIsNotNearestAndScoresChance() {
        let score = DemoRetrieval(direction: .speechToText, measure: "test", distances: [[2, 2], [2, 2]])
        XCTAssertEqual(score.top1, 0)
        XCTAssertEqual(score.winRate, 0.5)
        XCTAssertEqual(score.winRateError, 0)
    }

    func testEditDistanceCountsInsertionsDeletionsAndSubstitutions() {
        XCTAssertEqual(DemoDistance.editDistance(Array("kitten"), Array("sitting")), 3)
        XCTAssertEqual(DemoDistance.editDistance([], Array("abc")), 3)
        XCTAssertEqual(DemoDistance.editDistance(Array("flag"), Array("flag")), 0)
    }
}
