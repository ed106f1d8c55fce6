import Foundation
import Tensor

/// One measured benchmark case: its parameters (enough for tools/bench_torch.py to rebuild
/// the same shapes in PyTorch) and its figures.
public struct BenchmarkResult: Encodable {
    public var name: String
    public var parameters: [String: Int]
    /// Floating-point operations of one run (multiply-add counted as 2).
    public var flops: Double
    public var seconds: Double
    public var gflops: Double { flops / seconds / 1e9 }
    /// Extra figures: reference timings and ratios.
    public var figures: [String: Double]

    public init(name: String, parameters: [String: Int], flops: Double, seconds: Double, figures: [String: Double] = [:]) {
        self.name = name
        self.parameters = parameters
        self.flops = flops
        self.seconds = seconds
        self.figures = figures
    }

    enum CodingKeys: String, CodingKey { case name, parameters, flops, seconds, gflops, figures }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(parameters, forKey: .parameters)
        try container.encode(flops, forKey: .flops)
        try container.encode(seconds, forKey: .seconds)
        try container.encode(gflops, forKey: .gflops)
        try container.encode(figures, forKey: .figures)
    }
}

/// A benchmark's results with the machine facts that explain them.
public struct BenchmarkReport: Encodable {
    public var benchmark: String
    /// The OpenBLAS kernel family in use.
    public var kernel: String
    public var threads: Int
    public var cases: [BenchmarkResult]
    /// Headline figures (e.g. the 1024³ GEMM's gflops and ratio_to_blas).
    public var summary: [String: Double]

    public init(benchmark: String, cases: [BenchmarkResult], summary: [String: Double] = [:]) {
        self.benchmark = benchmark
        self.kernel = BLAS.kernelName
        self.threads = ThreadPool.threadCount
        self.cases = cases
        self.summary = summary
    }

    /// Pretty JSON with the summary's figures also at the top level.
    public func json() throws -> String {
        var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(self)) as! [String: Any]
        for (key, value) in summary { object[key] = value }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// A plain-text table: one row per case with GFLOP/s and every extra figure.
    public func table() -> String {
        let figureNames = Array(Set(cases.flatMap(\.figures.keys))).sorted()
        var lines = ["\(benchmark): OpenBLAS kernel \(kernel), \(threads) threads"]
        let header = ["case".padding(toLength: 34, withPad: " ", startingAt: 0), "ms".leftPadded(9), "GFLOP/s".leftPadded(9)]
            + figureNames.map { $0.leftPadded(max(12, $0.count + 1)) }
        lines.append(header.joined())
        for result in cases {
            let row = [result.name.padding(toLength: 34, withPad: " ", startingAt: 0),
                       String(format: "%.3f", result.seconds * 1e3).leftPadded(9),
                       String(format: "%.1f", result.gflops).leftPadded(9)]
                + figureNames.map { name in
                    (result.figures[name].map { String(format: "%.3f", $0) } ?? "-").leftPadded(max(12, name.count + 1))
                }
            lines.append(row.joined())
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
