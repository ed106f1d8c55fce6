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
        let queryBlocks = (groupRows + forwardBlock.rows - 1) / forwardBlock.rows
        forEachItem(batch * kvHeads * queryBlocks) { items in
            let scratch = ForwardScratch(self)
            defer { scratch.deallocate() }
            for item in items {
                let (kvItem, index) = item.quotientAndRemainder(dividingBy: queryBlocks)
                // Zigzag (first, last, second, …): causal blocks grow in cost along the sequence,
                // and contiguous runs of this order mix cheap and dear ones.
                let block = index % 2 == 0 ? index / 2 : queryBlocks - 1 - index / 2
                let rows = block * forwardBlock.rows..<Swift.min(groupRows, (block + 1) * forwardBlock.rows)
                forwardQueryBlock(kvItem: kvItem, rows: rows, query: query, key: key, value: value, output: output,
                                  logSumExp: logSumExp, scratch: scratch)
            }
        }
    }

    /// Blocks of at most this many query rows (decode steps) score their keys as K·Qᵀ, which
    /// OpenBLAS runs through its small-matrix kernel, reading K in place; Q·Kᵀ would first copy
    /// all of K into GEMM's packed layout. (P·V takes the small-matrix path as it is.)
    static let fewRows = 4

    /// Per-thread buffers of the forward pass.
    struct ForwardScratch {
        /// [rows, columns] of one score block.
        let scores: UnsafeMutablePointer<Float>
        /// [columns, rows] and [headDim, rows]: a few-row block's scores and queries, transposed.
        let transposedScores: UnsafeMutablePointer<Float>, transposedQueries: UnsafeMutablePointer<Float>
        /// [rows] each: the running maximum and sum of e^(score − maximum) of each query row.
        let rowMaxima: UnsafeMutablePointer<Float>, rowSums: UnsafeMutablePointer<Float>

        init(_ layout: AttentionLayout) {
            let (rows, columns) = layout.forwardBlock
            scores = .allocate(capacity: 2 * rows * columns + AttentionLayout.fewRows * layout.headDim + 2 * rows)
            transposedScores = scores + rows * columns
            transposedQueries = transposedScores + rows * columns
            rowMaxima = transposedQueries + AttentionLayout.fewRows * layout.headDim
            rowSums = rowMaxima + rows
        }

        func deallocate() { scores.deallocate() }
    }

    /// Attention for rows `rows` of kv item `kvItem`'s query rows (row r: query head
    /// r / queryTime of the group, time r % queryTime): O = softmax(scale·Q·Kᵀ)·V, accumulated
    /// key block by key block with running row maxima and sums.
    private func forwardQueryBlock(kvItem: Int, rows: Range<Int>,
                                   query: UnsafePointer<Float>, key: UnsafePointer<Float>, value: UnsafePointer<Float>,
                                   output: UnsafeMutablePointer<Float>, logSumExp: UnsafeMutablePointer<Float>,
                                   scratch: ForwardScratch) {
        let firstRow = kvItem * groupSize * queryTime + rows.lowerBound  // in [batch·heads·queryTime]
        let q = query + firstRow * headDim, o = output + firstRow * headDim
        let keys = key + kvItem * keyTime * headDim, values = value + kvItem * keyTime * headDim
        let (scores, rowMaxima, rowSums) = (scratch.scores, scratch.rowMaxima, scratch.rowSums)
        // The block's furthest-seeing row is its last, or the last time step of a head it crosses.
        let firstTime = rows.lowerBound % queryTime
        let keyEnd = visibleKeys(Swift.min(queryTime - 1, firstTime + rows.count - 1))
        // Few query rows (a decode step) take correspondingly more keys per block.
        let columnsPerBlock = Swift.min(keyEnd, forwardBlock.rows * forwardBlock.columns / rows.count)
        if rows.count <= Self.fewRows { transpose(q, rows: rows.count, columns: headDim, into: scratch.transposedQueries) }
        for firstKey in stride(from: 0, to: keyEnd, by: columnsPerBlock) {
            let columns = Swift.min(columnsPerBlock, keyEnd - firstKey)
            scoreBlock(rows: rows.count, q: q, keys: keys + firstKey * headDim, columns: columns, scratch: scratch)
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

    /// scores[rows, columns] = scale · Q[rows, headDim] · K[columns, headDim]ᵀ, into `scratch.scores`.
    @inline(__always)
    private func scoreBlock(rows: Int, q: UnsafePointer<Float>, keys: UnsafePointer<Float>, columns: Int,
                            scratch: ForwardScratch) {
        guard rows <= Self.fewRows else {
            BLAS.gemm(transposeB: true, m: rows, n: columns, k: headDim, alpha: scale,
                      a: q, lda: headDim, b: keys, ldb: headDim, c: scratch.scores, ldc: columns)
            return
        }
        // scoresᵀ[columns, rows] = scale · K[columns, headDim] · Qᵀ[headDim, rows]
        BLAS.gemm(m: columns, n: rows, k: headDim, alpha: scale, a: keys, lda: headDim,
                  b: scratch.transposedQueries, ldb: rows, c: scratch.transposedScores, ldc: rows)
        transpose(scratch.transposedScores, rows: columns, columns: rows, into: scratch.scores)
    }
}
