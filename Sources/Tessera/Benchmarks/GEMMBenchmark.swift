import CBLAS
import Tensor

/// Tessera's `matmul` against raw `cblas_sgemm` on the same buffers, in the same run.
public enum GEMMBenchmark {
    /// (m, n, k) shapes: square sizes, then projections of a 512-wide Llama at 2048 tokens.
    public static let shapes: [(m: Int, n: Int, k: Int)] = [
        (256, 256, 256), (512, 512, 512), (1024, 1024, 1024), (2048, 2048, 2048),
        (2048, 1536, 512), (2048, 512, 1536), (2048, 16384, 512),
    ]

    public static func run(minimumSeconds: Double = 0.5) -> BenchmarkReport {
        var generator = RandomGenerator(seed: 1)
        var cases: [BenchmarkResult] = []
        for (m, n, k) in shapes {
            let a = Tensor.randomNormal([m, k], generator: &generator)
            let b = Tensor.randomNormal([k, n], generator: &generator)
            let c = Tensor(zeros: [m, n])
            let ours = Stopwatch.median(minimumSeconds: minimumSeconds) { _ = withoutGradient { matmul(a, b) } }
            let raw = Stopwatch.median(minimumSeconds: minimumSeconds) {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                            a.pointer, Int32(k), b.pointer, Int32(n), 0, c.pointer, Int32(n))
            }
            let flops = 2.0 * Double(m * n * k)
            cases.append(BenchmarkResult(name: "\(m)x\(n)x\(k)", parameters: ["m": m, "n": n, "k": k], flops: flops,
                                         seconds: ours, figures: ["blas_gflops": flops / raw / 1e9, "ratio_to_blas": raw / ours]))
        }
        let headline = cases.first { $0.name == "1024x1024x1024" }!
        return BenchmarkReport(benchmark: "gemm", cases: cases, summary: [
            "gflops": headline.gflops, "ratio_to_blas": headline.figures["ratio_to_blas"]!,
        ])
    }
}
