import CBLAS

extension ThreadPool {
    /// Sets the threads both our kernels and OpenBLAS use (e.g. one each for two jobs sharing two cores).
    public static func limit(to count: Int) {
        threadCount = Swift.max(1, count)
        BLAS.threadCount = threadCount
    }
}
