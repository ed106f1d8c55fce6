import Foundation

/// The attention forward kernel: one work item is one block of query rows of one head, which
/// walks the visible key blocks with an online softmax.
extension AttentionLayout {
    /// Fills `output` [batch, heads, queryTime, headDim] and `logSumExp` [batch, heads, queryTime].
    func forward(query: UnsafePointer<Float>, key: UnsafePointer<Float>, value: UnsafePointer<Float>,
                 output: UnsafeMutablePointer<Float>, logSumExp: UnsafeMutablePointer<Float>) {
        let queryBlocks = (queryTime + queryBlock - 1) / queryBlock
        forEachItem(batch * heads * queryBlocks) { items in
            let scores = UnsafeMutablePointer<Float>.allocate(capacity: queryBlock * keyBlock)  // [rows, columns]
            let rowMaxima = UnsafeMutablePointer<Float>.allocate(capacity: 2 * queryBlock)
            defer { scores.deallocate(); rowMaxima.deallocate() }
            let rowSums = rowMaxima + queryBlock
            for item in items {
                let (batchHead, block) = item.quotientAndRemainder(dividingBy: queryBlocks)
                let rows = block * queryBlock..<Swift.min(queryTime, (block + 1) * queryBlock)
                forwardQueryBlock(b: batchHead / heads, head: batchHead % heads, rows: rows,
                                  query: query, key: key, value: value, output: output, logSumExp: logSumExp,
                                  scores: scores, rowMaxima: rowMaxima, rowSums: rowSums)
            }
        }
    }

    /// Attention for query rows `rows` of one head: O = softmax(scale·Q·Kᵀ)·V, accumulated
    /// key block by key block with running row maxima and sums.
    private func forwardQueryBlock(b: Int, head: Int, rows: Range<Int>,
                                   query: UnsafePointer<Float>, key: UnsafePointer<Float>, value: UnsafePointer<Float>,
                                   output: UnsafeMutablePointer<Float>, logSumExp: UnsafeMutablePointer<Float>,
                                   scores: UnsafeMutablePointer<Float>, rowMaxima: UnsafeMutablePointer<Float>,
                                   rowSums: UnsafeMutablePointer<Float>) {
        let kvHead = head / groupSize
        let q = query + queryRow(b, head, rows.lowerBound), o = output + queryRow(b, head, rows.lowerBound)
        let keyEnd = visibleKeys(rows.upperBound - 1)
        // Few query rows (a decode step) take correspondingly more keys per block.
        let columnsPerBlock = Swift.min(keyEnd, queryBlock * keyBlock / rows.count)
        for firstKey in stride(from: 0, to: keyEnd, by: columnsPerBlock) {
            let columns = Swift.min(columnsPerBlock, keyEnd - firstKey)
            let k = key + keyRow(b, kvHead, firstKey), v = value + keyRow(b, kvHead, firstKey)
            // scores[rows, columns] = scale · Q[rows, headDim] · K[columns, headDim]ᵀ
            BLAS.gemm(transposeB: true, m: rows.count, n: columns, k: headDim, alpha: scale,
                      a: q, lda: headDim, b: k, ldb: headDim, c: scores, ldc: columns)
            for r in 0..<rows.count {
                let row = scores + r * columns, t = rows.lowerBound + r
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
            BLAS.gemm(m: rows.count, n: headDim, k: columns, a: scores, lda: columns, b: v, ldb: headDim,
                      beta: firstKey == 0 ? 0 : 1, c: o, ldc: headDim)
        }
        let lse = logSumExp + (b * heads + head) * queryTime + rows.lowerBound
        for r in 0..<rows.count {
            VectorMath.scale(o + r * headDim, headDim, by: 1 / rowSums[r])
            lse[r] = rowMaxima[r] + Foundation.log(rowSums[r])
        }
    }
}
