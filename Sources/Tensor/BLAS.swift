import CBLAS
import Foundation

/// Row-major SGEMM through OpenBLAS, and the choice of OpenBLAS kernels for this CPU.
public enum BLAS {
    /// `C[m, n] = alpha · op(A)[m, k] · op(B)[k, n] + beta · C`, all row-major.
    @inline(__always)
    public static func gemm(transposeA: Bool = false, transposeB: Bool = false,
                            m: Int, n: Int, k: Int, alpha: Float = 1,
                            a: UnsafePointer<Float>, lda: Int,
                            b: UnsafePointer<Float>, ldb: Int,
                            beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            // OpenBLAS leaves C untouched for k = 0; the mathematical result is beta · C.
            for row in 0..<m { for column in 0..<n { c[row * ldc + column] *= beta } }
            return
        }
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// `y = alpha · op(A) · x + beta · y` with A row-major [rows, columns] and contiguous vectors:
    /// the product with a single vector, for which GEMM would repack A on every call.
    @inline(__always)
    public static func gemv(transpose: Bool = false, rows: Int, columns: Int, alpha: Float = 1,
                            a: UnsafePointer<Float>, lda: Int, x: UnsafePointer<Float>,
                            beta: Float = 0, y: UnsafeMutablePointer<Float>) {
        precondition(rows > 0 && columns > 0, "gemv of an empty [\(rows), \(columns)] matrix")
        cblas_sgemv(CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns),
                    alpha, a, Int32(lda), x, 1, beta, y, 1)
    }

    /// The OpenBLAS kernel family in use, e.g. "SkylakeX" or "Haswell".
    public static var kernelName: String { String(cString: openblas_get_corename()) }

    /// OpenBLAS's build configuration string.
    public static var configuration: String { String(cString: openblas_get_config()) }

    public static var threadCount: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(newValue)) }
    }

    /// Runs `body` with OpenBLAS held to one thread, for kernels that split their work over
    /// our own threads and call a GEMM from each. Sections may overlap (from several threads):
    /// the thread count is restored when the last one ends.
    public static func singleThreaded<Result>(_ body: () throws -> Result) rethrows -> Result {
        singleThreadedLock.lock()
        if singleThreadedSections == 0 {
            threadCountOutsideSections = threadCount
            threadCount = 1
        }
        singleThreadedSections += 1
        singleThreadedLock.unlock()
        defer {
            singleThreadedLock.lock()
            singleThreadedSections -= 1
            if singleThreadedSections == 0 { threadCount = threadCountOutsideSections }
            singleThreadedLock.unlock()
        }
        return try body()
    }

    private static let singleThreadedLock = NSLock()
    private static var singleThreadedSections = 0
    private static var threadCountOutsideSections = 1

    /// Whether the CPU runs AVX-512 but OpenBLAS picked narrower kernels (Debian's 0.3.21 does
    /// not know Zen 5 and falls back to Haswell).
    public static var isMissingAVX512Kernels: Bool {
        tessera_cpu_has_avx512f() != 0 && !kernelName.lowercased().contains("skylakex")
            && !kernelName.lowercased().contains("cooperlake") && !kernelName.lowercased().contains("sapphire")
    }

    /// Re-executes this program with `OPENBLAS_CORETYPE=SkylakeX` when the CPU runs AVX-512 but
    /// OpenBLAS picked narrower kernels (also when the environment pinned them, as some machines
    /// do with `OPENBLAS_CORETYPE=Haswell`). OpenBLAS picks its kernels as the library loads,
    /// before `main` runs, so only a fresh process can change them. `TESSERA_KEEP_BLAS_KERNEL=1`
    /// keeps OpenBLAS's own choice.
    public static func reexecuteWithAVX512KernelsIfNeeded() {
        let guardVariable = "TESSERA_BLAS_REEXECUTED"
        guard getenv(guardVariable) == nil, getenv("TESSERA_KEEP_BLAS_KERNEL") == nil, isMissingAVX512Kernels else { return }
        setenv(guardVariable, "1", 1)
        setenv("OPENBLAS_CORETYPE", "SkylakeX", 1)
        let arguments = CommandLine.arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", arguments)
        // execv returns only on failure: carry on with the kernels we have.
    }
}
