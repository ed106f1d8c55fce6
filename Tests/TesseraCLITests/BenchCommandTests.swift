import Foundation
import XCTest

/// `tessera bench` from the command line: JSON contract, kernel choice, usage errors.
final class BenchCommandTests: XCTestCase {
    /// One run (the shapes are large for a debug build): the JSON contract, and AVX-512 kernels
    /// chosen even when the environment pins Haswell, as some machines do.
    func testGEMMJSONCarriesHeadlineFiguresAndAVX512Kernel() throws {
        let result = try Tessera.run(["bench", "gemm", "--json", "--seconds", "0.01"], environment: ["OPENBLAS_CORETYPE": "Haswell"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        XCTAssertGreaterThan(try XCTUnwrap(report["gflops"] as? Double), 0)
        XCTAssertGreaterThan(try XCTUnwrap(report["ratio_to_blas"] as? Double), 0)
        XCTAssertEqual((report["cases"] as? [[String: Any]])?.count, 7)
        let kernel = try XCTUnwrap(report["kernel"] as? String)
        let cpuInfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        XCTAssertEqual(kernel, cpuInfo.contains("avx512f") ? "SkylakeX" : "Haswell")
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
