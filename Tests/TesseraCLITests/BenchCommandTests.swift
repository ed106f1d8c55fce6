import Foundation
import XCTest

/// `tessera bench` from the command line: JSON contract, kernel choice, usage errors.
final class BenchCommandTests: XCTestCase {
    func testGEMMJSONCarriesHeadlineFigures() throws {
        let result = try Tessera.run(["bench", "gemm", "--json", "--seconds", "0.01"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let gflops = try XCTUnwrap(report["gflops"] as? Double)
        let ratio = try XCTUnwrap(report["ratio_to_blas"] as? Double)
        let kernel = try XCTUnwrap(report["kernel"] as? String)
        XCTAssertGreaterThan(gflops, 0)
        XCTAssertGreaterThan(ratio, 0)
        XCTAssertFalse(kernel.isEmpty)
        XCTAssertEqual((report["cases"] as? [[String: Any]])?.count, 7)
    }

    func testPicksAVX512KernelsEvenWhenEnvironmentPinsHaswell() throws {
        let cpuInfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        guard cpuInfo.contains("avx512f") else { return }  // nothing to choose on a CPU without AVX-512
        let result = try Tessera.run(["bench", "gemm", "--json", "--seconds", "0.001"], environment: ["OPENBLAS_CORETYPE": "Haswell"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("\"kernel\" : \"SkylakeX\""), result.standardOutput.prefix(300).description)
    }

    func testUnknownBenchmarkIsAUsageError() throws {
        let result = try Tessera.run(["bench", "nonsense"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.standardError.contains("nonsense"), result.standardError)
        XCTAssertTrue(result.standardOutput.isEmpty)
    }

    func testHelpListsBench() throws {
        let result = try Tessera.run(["--help"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.standardOutput.contains("bench"))
    }
}
