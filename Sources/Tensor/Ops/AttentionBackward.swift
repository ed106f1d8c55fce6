import Foundation

/// The attention backward kernel. One work item is one kv head of one batch item (or, when
/// there are fewer of those than threads, one share of its key blocks): it alone writes the key
/// and value gradients of its key blocks, and the query gradients of the query heads sharing
/// the kv head (into a private buffer when the key blocks are shared out, summed at the end).
/// Score blocks are recomputed from the saved log-sum-exp.
extension AttentionLayout {
    /// Fills the three gradients (shaped as query, key and value) from the output gradient.
    func backward(query: UnsafePointer<Float>, key: UnsafePointer<Float>, value: UnsafePointer<Float>,
                  output: UnsafePointer<Float>, logSumExp: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                  queryGradient: UnsafeMutablePointer<Float>, keyGradient: UnsafeMutablePointer<Float>,
                  valueGradient: UnsafeMutablePointer<Float>) {
        let operands = BackwardOperands(query: query, key: key, value: value, output: output, logSumExp: logSumExp,
                                        outputGradient: outputGradient, keyGradient: keyGradient, valueGradient: valueGradient)
        let kvItems = batch * kvHeads
        let keyBlocks = (keyTime + backwardBlock.columns - 1) / backwardBlock.columns
        let shares = Swift.max(1, Swift.min(keyBlocks, ThreadPool.threadCount / kvItems))
        let groupFloats = groupSize * queryTime * headDim  // the dQ of one kv head's query heads
        // dQ of the shares after the first: [shares − 1, kvItems, groupSize, queryTime, headDim]
        let extraQueryGradients = UnsafeMutablePointer<Float>.allocate(capacity: (shares - 1) * kvItems * groupFloats)
        defer { extraQueryGradients.deallocate() }
        forEachItem(kvItems * shares) { items in
            let scratch = BackwardScratch(self)
            defer { scratch.deallocate() }
            for item in items {
                let (kvItem, share) = item.quotientAndRemainder(dividingBy: shares)
                let groupQueryGradient = share == 0 ? queryGradient + kvItem * groupFloats
                    : extraQueryGradients + ((share - 1) * kvItems + kvItem) * groupFloats
                backwardShare(kvItem: kvItem, keyBlocks: stride(from: share, to: keyBlocks, by: shares), operands,
                              groupQueryGradient: groupQueryGradient, scratch: scratch)
            }
        }
        guard shares > 1 else { return }
        let total = kvItems * groupFloats  // all of dQ
        parallelFor(total, grain: 1 << 14) { range in
            for share in 1..<shares {
                let source = extraQueryGradients + (share - 1) * total
                for index in range { queryGradient[index] += source[index] }
            }
        }
    }

    /// Per-thread buffers of the backward pass.
    struct BackwardScratch {
        /// [rows, columns] of one score block each.
        let probabilities: UnsafeMutablePointer<Float>, scoreGradients: UnsafeMutablePointer<Float>
        /// [headDim, columns] each: the key block's keys and values, transposed.
        let transposedKeys: UnsafeMutablePointer<Float>, transposedValues: UnsafeMutablePointer<Float>
        /// [groupSize, queryTime]: rowsum(dO∘O) of one kv head's query rows.
        let deltas: UnsafeMutablePointer<Float>

        init(_ layout: AttentionLayout) {
            let blockSize = layout.backwardBlock.rows * layout.backwardBlock.columns
            let keyBlockSize = layout.transposesKeyBlocks ? layout.headDim * layout.backwardBlock.columns : 0
            probabilities = .allocate(capacity: 2 * blockSize + 2 * keyBlockSize + layout.groupSize * layout.queryTime)
            scoreGradients = probabilities + blockSize
            transposedKeys = scoreGradients + blockSize
            transposedValues = transposedKeys + keyBlockSize
            deltas = transposedValues + keyBlockSize
        }

        func deallocate() { probabilities.deallocate() }
    }

    /// The gradients from key blocks `keyBlocks` of kv item `kvItem` (batch item · kvHeads +
    /// kv head): dK and dV of those blocks, and their part of the group's dQ, which is written
    /// to `groupQueryGradient` [groupSize, queryTime, headDim].
    private func backwardShare(kvItem: Int, keyBlocks: StrideTo<Int>, _ operands: BackwardOperands,
                               groupQueryGradient: UnsafeMutablePointer<Float>, scratch: BackwardScratch) {
        let (b, kvHead) = kvItem.quotientAndRemainder(dividingBy: kvHeads)
        let firstHead = kvHead * groupSize, queryStart = queryRow(b, firstHead, 0)
        groupQueryGradient.update(repeating: 0, count: groupSize * queryTime * headDim)
        // delta[t] = Σ dO[t]·O[t], the softmax backward's projection, for every row of the group.
        for row in 0..<groupSize * queryTime {
            let offset = queryStart + row * headDim
            scratch.deltas[row] = VectorMath.dot(operands.outputGradient + offset, operands.output + offset, headDim)
        }
        for keyBlockIndex in keyBlocks {
            let firstKey = keyBlockIndex * backwardBlock.columns
            let columns = Swift.min(backwardBlock.columns, keyTime - firstKey)
            let keyOffset = keyRow(b, kvHead, firstKey)
            operands.keyGradient.advanced(by: keyOffset).update(repeating: 0, count: columns * headDim)
            operands.valueGradient.advanced(by: keyOffset).update(repeating: 0, count: columns * headDim)
            if transposesKeyBlocks {
                transpose(operands.key + keyOffset, rows: columns, columns: headDim, into: scratch.transposedKeys)
                transpose(operands.value + keyOffset, rows: columns, columns: headDim, into: scratch.transposedValues)
            }
            // Rows before this one cannot see any key of the block.
            let firstRow = causal ? Swift.max(0, firstKey - (keyTime - queryTime)) : 0
            for headIndex in 0..<groupSize {
                for rowStart in stride(from: firstRow, to: queryTime, by: backwardBlock.rows) {
                    let block = ScoreBlock(b: b, head: firstHead + headIndex, kvHead: kvHead,
                                           rows: rowStart..<Swift.min(queryTime, rowStart + backwardBlock.rows),
                                           firstKey: firstKey, columns: columns)
                    backwardScoreBlock(block, operands,
                                       queryGradient: groupQueryGradient + (headIndex * queryTime + rowStart) * headDim,
                                       deltas: scratch.deltas + headIndex * queryTime + rowStart, scratch: scratch)
                }
            }
        }
    }

    /// The inputs, saved results and key/value gradients of one backward pass.
    struct BackwardOperands {
        let query: UnsafePointer<Float>, key: UnsafePointer<Float>, value: UnsafePointer<Float>
        let output: UnsafePointer<Float>, logSumExp: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>
        let keyGradient: UnsafeMutablePointer<Float>, valueGradient: UnsafeMutablePointer<Float>
    }

    /// One score block: query rows `rows` of `head` against `columns` keys from `firstKey`.
    struct ScoreBlock {
        let b: Int, head: Int, kvHead: Int
        let rows: Range<Int>
        let firstKey: Int, columns: Int
    }

    /// Whether score products read transposed copies of each key block (see `transpose`): only
    /// while they stay within OpenBLAS's small-matrix kernels (up to 100³ multiply-adds in
    /// 0.3.21); larger products are packed whichever way B lies.
    private var transposesKeyBlocks: Bool { backwardBlock.rows * backwardBlock.columns * headDim <= 1_000_000 }

    /// c[rows, columns] = alpha · a[rows, headDim] · b[columns, headDim]ᵀ, from `transposedB`
    /// [headDim, columns] when the key blocks are transposed.
    @inline(__always)
    private func productWithTransposed(rows: Int, columns: Int, alpha: Float, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                                       transposedB: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>) {
        if transposesKeyBlocks {
            BLAS.gemm(m: rows, n: columns, k: headDim, alpha: alpha, a: a, lda: headDim, b: transposedB, ldb: columns,
                      c: c, ldc: columns)
        } else {
            BLAS.gemm(transposeB: true, m: rows, n: columns, k: headDim, alpha: alpha, a: a, lda: headDim, b: b,
                      ldb: headDim, c: c, ldc: columns)
        }
    }

    /// Adds one score block's contributions to dQ (at `queryGradient`, the block's first row),
    /// dK and dV. `deltas` starts at the block's first row.
    private func backwardScoreBlock(_ block: ScoreBlock, _ operands: BackwardOperands, queryGradient: UnsafeMutablePointer<Float>,
                                    deltas: UnsafePointer<Float>, scratch: BackwardScratch) {
        let probabilities = scratch.probabilities, scoreGradients = scratch.scoreGradients
        let (rows, columns) = (block.rows.count, block.columns)
        let queryOffset = queryRow(block.b, block.head, block.rows.lowerBound)
        let keyOffset = keyRow(block.b, block.kvHead, block.firstKey)
        let q = operands.query + queryOffset, dO = operands.outputGradient + queryOffset
        let k = operands.key + keyOffset
        let lse = operands.logSumExp + (block.b * heads + block.head) * queryTime + block.rows.lowerBound
        // P[rows, columns] = exp(scale · Q·Kᵀ − lse)
        productWithTransposed(rows: rows, columns: columns, alpha: scale, a: q, b: k, transposedB: scratch.transposedKeys,
                              c: probabilities)
        for r in 0..<rows {
            exponentiateRow(probabilities + r * columns, columns: columns, firstKey: block.firstKey,
                            t: block.rows.lowerBound + r, shift: lse[r])
        }
        // dV[columns, headDim] += Pᵀ · dO[rows, headDim]
        BLAS.gemm(transposeA: true, m: columns, n: headDim, k: rows, a: probabilities, lda: columns,
                  b: dO, ldb: headDim, beta: 1, c: operands.valueGradient + keyOffset, ldc: headDim)
        // dP[rows, columns] = dO · Vᵀ, then dS = P ∘ (dP − delta)
        productWithTransposed(rows: rows, columns: columns, alpha: 1, a: dO, b: operands.value + keyOffset,
                              transposedB: scratch.transposedValues, c: scoreGradients)
        for r in 0..<rows {
            let p = probabilities + r * columns, dS = scoreGradients + r * columns, delta = deltas[r]
            for column in 0..<columns { dS[column] = p[column] * (dS[column] - delta) }
        }
        // dQ[rows, headDim] += scale · dS · K;  dK[columns, headDim] += scale · dSᵀ · Q
        BLAS.gemm(m: rows, n: headDim, k: columns, alpha: scale, a: scoreGradients, lda: columns, b: k, ldb: headDim,
                  beta: 1, c: queryGradient, ldc: headDim)
        BLAS.gemm(transposeA: true, m: columns, n: headDim, k: rows, alpha: scale, a: scoreGradients, lda: columns,
                  b: q, ldb: headDim, beta: 1, c: operands.keyGradient + keyOffset, ldc: headDim)
    }
}
