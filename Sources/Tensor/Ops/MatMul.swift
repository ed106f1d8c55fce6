import Foundation

/// Matrix products through SGEMM.
extension Tensor {
    /// Rows and columns of the last two axes, and the product of the axes before them.
    var matrixShape: (batch: Int, rows: Int, columns: Int) {
        precondition(rank >= 2, "matmul needs at least 2 dimensions, got \(shape)")
        return (shape.dropLast(2).reduce(1, *), shape[rank - 2], shape[rank - 1])
    }
}

// matmul — backward: dA = dC·Bᵀ, dB = Aᵀ·dC (with B stored transposed: dB = dCᵀ·A).
/// `a[..., m, k] · b`, where `b` is `[k, n]` (shared by every batch) or `[..., k, n]` with
/// `a`'s batch axes. With `transposeB`, `b` is stored as `[..., n, k]` (as Linear weights are).
public func matmul(_ a: Tensor, _ b: Tensor, transposeB: Bool = false) -> Tensor {
    let (batchA, m, k) = a.matrixShape
    let (_, rowsB, columnsB) = b.matrixShape
    let (innerB, n) = transposeB ? (columnsB, rowsB) : (rowsB, columnsB)
    precondition(k == innerB, "matmul: \(a.shape) × \(b.shape)\(transposeB ? "ᵀ" : "") inner sizes differ")
    let sharedB = b.rank == 2
    precondition(sharedB || a.shape.dropLast(2) == b.shape.dropLast(2),
                 "matmul: batch axes of \(a.shape) and \(b.shape) differ")
    let result = Tensor(uninitialized: a.shape.dropLast() + [n])
    if sharedB && batchA * m == 1 {
        // One row (a decoding step): GEMV reads B in place, where GEMM would repack all of it.
        BLAS.gemv(transpose: !transposeB, rows: rowsB, columns: columnsB, a: b.pointer, lda: columnsB,
                  x: a.pointer, y: result.pointer)
    } else if sharedB {
        // One GEMM over all batch rows: [batch·m, k] · [k, n].
        BLAS.gemm(transposeB: transposeB, m: batchA * m, n: n, k: k, a: a.pointer, lda: k,
                  b: b.pointer, ldb: columnsB, c: result.pointer, ldc: n)
    } else {
        batchedGEMM(batchA, flops: m * n * k) { item in
            BLAS.gemm(transposeB: transposeB, m: m, n: n, k: k, a: a.pointer + item * m * k, lda: k,
                      b: b.pointer + item * rowsB * columnsB, ldb: columnsB, c: result.pointer + item * m * n, ldc: n)
        }
    }
    return Tensor.record("matmul", result, [a, b]) { dc in
        var gradients: [Tensor?] = [nil, nil]
        if a.requiresGrad {
            // dA[m, k] = dC[m, n] · op(B)ᵀ
            let da = Tensor(uninitialized: a.shape)
            if sharedB {
                BLAS.gemm(transposeB: !transposeB, m: batchA * m, n: k, k: n, a: dc.pointer, lda: n,
                          b: b.pointer, ldb: columnsB, c: da.pointer, ldc: k)
            } else {
                batchedGEMM(batchA, flops: m * n * k) { item in
                    BLAS.gemm(transposeB: !transposeB, m: m, n: k, k: n, a: dc.pointer + item * m * n, lda: n,
                              b: b.pointer + item * rowsB * columnsB, ldb: columnsB, c: da.pointer + item * m * k, ldc: k)
                }
            }
            gradients[0] = da
        }
        if b.requiresGrad {
            // dB[k, n] = Aᵀ · dC, or stored transposed dB[n, k] = dCᵀ · A.
            let db = Tensor(uninitialized: b.shape)
            let rowsTotal = sharedB ? batchA * m : m
            let products = sharedB ? 1 : batchA
            batchedGEMM(products, flops: m * n * k) { item in
                let aItem = a.pointer + item * m * k, dcItem = dc.pointer + item * m * n
                if transposeB {
                    BLAS.gemm(transposeA: true, m: n, n: k, k: rowsTotal, a: dcItem, lda: n, b: aItem, ldb: k,
                              c: db.pointer + item * n * k, ldc: k)
                } else {
                    BLAS.gemm(transposeA: true, m: k, n: n, k: rowsTotal, a: aItem, lda: k, b: dcItem, ldb: n,
                              c: db.pointer + item * k * n, ldc: n)
                }
            }
            gradients[1] = db
        }
        return gradients
    }
}

/// Runs `count` independent GEMMs of `flops` multiply-adds each: spread over our threads when
/// each is small enough that OpenBLAS keeps it on one thread (below 4·65536 multiply-adds in
/// OpenBLAS 0.3.21), one after another (each threaded by OpenBLAS) otherwise.
@inline(__always)
func batchedGEMM(_ count: Int, flops: Int, _ body: (Int) -> Void) {
    if count == 1 || flops > 262_144 {
        for item in 0..<count { body(item) }
    } else {
        parallelFor(count) { range in for item in range { body(item) } }
    }
}
