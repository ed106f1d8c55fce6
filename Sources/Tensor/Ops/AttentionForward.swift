import Foundation

/// The attention forward kernel. The query heads that share a kv head are consecutive in
/// memory, so their rows form one [groupSize·queryTime, headDim] matrix; one work item is one
/// block of its rows (a decode step's heads all land in one block and read K and V once), which
/// walks the visible key blocks with an online softmax.
extension AttentionLayout {
    /// Fills `output` [batch, heads, queryTime, headDim] and `logSumExp` [batch, heads, queryTime].
    func forward(query: UnsafePointer<Float>, key: UnsafePointer<Float>, value: UnsafePointer<Float>,
                 output: UnsafeMutablePointer<Float>, logSumExp: UnsafeMutablePointer<Float>) {
        let groupRows = groupSize * queryTime
        let (queryBlock, keyBlock) = forwardBlock
        let queryBlocks = (groupRows + queryBlock - 1) / queryBlock
        forEachItem(batch * kvHeads * queryBlocks) { items in
            let scores = UnsafeMutablePointer<Float>.allocate(capacity: queryBlock * keyBlock)  // [rows, columns]
            let rowMaxima = UnsafeMutablePointer<Float>.allocate(capacity: 2 * queryBlock)
            defer { scores.deallocate(); rowMaxima.deallocate() }
            let rowSums = rowMaxima + queryBlock
            for item in items {
                let (kvItem, index) = item.quotientAndRemainder(dividingBy: queryBlocks)
                // Zigzag (first, last, second, …): causal blocks grow in cost along the sequence,
                // and contiguous runs of this order mix cheap and dear ones.
                let block = index % 2 == 0 ? index / 2 : queryBlocks - 1 - index / 2
                let rows = block * queryBlock..<Swift.min(groupRows, (block + 1) * queryBlock)
                forwardQueryBlock(kvItem: kvItem, rows: rows, query: query, key: key, value: value, output: output,
                                  logSumExp: logSumExp, scores: scores, rowMaxima: rowMaxima, rowSums: rowSums)
            }
        }
    }

    /// Blocks of at most this many query rows (decode steps) score their keys with
    /// matrix-vector products, which read K in place; GEMM would first copy K into its packed
    /// layout. (P·V stays a GEMM: OpenBLAS takes its small-matrix path, which reads V in place.)
    static let matrixVectorRows = 4

    /// Attention for rows `rows` of kv item `kvItem`'s query rows (row r: query head
    /// r / queryTime of the group, time r % queryTime): O = softmax(scale·Q·Kᵀ)·V, accumulated
    /// key block by key block with running row maxima and sums.
    private func forwardQueryBlock(kvItem: Int, rows: Range<Int>,
                                   query: UnsafePointer<Float>, key: UnsafePointer<Float>, value: UnsafePointer<Float>,
                                   output: UnsafeMutablePointer<Float>, logSumExp: UnsafeMutablePointer<Float>,
                                   scores: UnsafeMutablePointer<Float>, rowMaxima: UnsafeMutablePointer<Float>,
                                   rowSums: UnsafeMutablePointer<Float>) {
        let firstRow = kvItem * groupSize * queryTime + rows.lowerBound  // in [batch·heads·queryTime]
        let q = query + firstRow * headDim, o = output + firstRow * headDim
        let keys = key + kvItem * keyTime * headDim, values = value + kvItem * keyTime * headDim
        // The block's furthest-seeing row is its last, or the last time step of a head it crosses.
        let firstTime = rows.lowerBound % queryTime
        let keyEnd = visibleKeys(Swift.min(queryTime - 1, firstTime + rows.count - 1))
        // Few query rows (a decode step) take correspondingly more keys per block.
        let columnsPerBlock = Swift.min(keyEnd, forwardBlock.rows * forwardBlock.columns / rows.count)
        for firstKey in stride(from: 0, to: keyEnd, by: columnsPerBlock) {
            let columns = Swift.min(columnsPerBlock, keyEnd - firstKey)
            // scores[rows, columns] = scale · Q[rows, headDim] · K[columns, headDim]ᵀ
            if rows.count <= Self.matrixVectorRows {
                for r in 0..<rows.count {
                    BLAS.gemv(rows: columns, columns: headDim, alpha: scale, a: keys + firstKey * headDim, lda: headDim,
                              x: q + r * headDim, y: scores + r * columns)
                }
            } else {
                BLAS.gemm(transposeB: true, m: rows.count, n: columns, k: headDim, alpha: scale,
                          a: q, lda: headDim, b: keys + firstKey * headDim, ldb: headDim, c: scores, ldc: columns)
            }
            for r in 0..<rows.count {
                let row = scores + r * columns, t = (rows.lowerBound + r) % queryTime
                let visible = visibleColumns(columns, firstKey: firstKey, t: t)
                let previousMaximum = firstKey == 0 ? -Float.infinity : rowMaxima[r]
                let maximum = Swift.max(previousMaximum, VectorMath.maximum(row, visible))
                let blockSum = exponentiateRow(row, columns: columns, firstKey: firstKey, t: t, shift: maximum)
                if firstKey == 0 {
                    rowSums[r] = blockSum
                } else {
                    // Earlier blocks were weighted by e^(−previousMaximum): bring them to the new maximum.
                    let correction = Foundation.exp(previousMaximum - maximum)
                    if correction != 1 { VectorMath.scale(o + r * headDim, headDim, by: correction) }
                    rowSums[r] = rowSums[r] * correction + blockSum
                }
                rowMaxima[r] = maximum
            }
            // O[rows, headDim] (+)= P[rows, columns] · V[columns, headDim]
            BLAS.gemm(m: rows.count, n: headDim, k: columns, a: scores, lda: columns, b: values + firstKey * headDim,
                      ldb: headDim, beta: firstKey == 0 ? 0 : 1, c: o, ldc: headDim)
        }
        for r in 0..<rows.count {
            VectorMath.scale(o + r * headDim, headDim, by: 1 / rowSums[r])
            logSumExp[firstRow + r] = rowMaxima[r] + Foundation.log(rowSums[r])
        }
    }
}
