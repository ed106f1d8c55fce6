@testable import Tessera
import XCTest

/// Axis ranges and tick labels at 1-2-5 steps.
final class PlotAxisTests: XCTestCase {
    func testTicksUseNiceStepsAndCoverTheData() {
        let cases: [([Double], ClosedRange<Double>?, [String])] = [
            ([0, 10], nil, ["0", "2", "4", "6", "8", "10"]),
            ([0.013, 0.087], nil, ["0.00", "0.02", "0.04", "0.06", "0.08", "0.10"]),
            ([-1, 1], nil, ["-1.0", "-0.5", "0.0", "0.5", "1.0"]),
            ([3], nil, ["2.6", "2.8", "3.0", "3.2", "3.4"]),
            ([120, 2450], nil, ["0", "500", "1000", "1500", "2000", "2500"]),
            ([120, 2950], nil, ["0", "1000", "2000", "3000"]),
            ([.nan, 4, .infinity], 0.5...2.5, ["0.5", "1.0", "1.5", "2.0", "2.5"]),
            ([], nil, ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]),
        ]
        for (values, range, labels) in cases {
            let axis = PlotAxis(values: values, range: range)
            XCTAssertEqual(axis.labels, labels, "\(values) \(String(describing: range))")
            XCTAssertLessThan(axis.lower, axis.upper)
            XCTAssertTrue(axis.ticks.allSatisfy { $0 >= axis.lower - 1e-12 && $0 <= axis.upper + 1e-12 })
            for value in values where value.isFinite && range == nil { XCTAssertTrue((axis.lower...axis.upper).contains(value)) }
        }
    }

    func testAFixedRangeIsKeptExactly() {
        let axis = PlotAxis(values: [0, 100], range: 0.3...4.1)
        XCTAssertEqual([axis.lower, axis.upper], [0.3, 4.1])
        XCTAssertEqual(axis.labels, ["1", "2", "3", "4"])
        XCTAssertEqual(axis.position(of: 0.3, from: 10, to: 110), 10)
        XCTAssertEqual(axis.position(of: 4.1, from: 10, to: 110), 110, accuracy: 1e-9)
    }
}
