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
        let operands = BackwardOperands(query: query, key: key, value: value, logSumExp: logSumExp,
                                        outputGradient: outputGradient, keyGradient: keyGradient, valueGradient: valueGradient)
        let (queryBlock, keyBlock) = backwardBlock
        let kvItems = batch * kvHeads, keyBlocks = (keyTime + keyBlock - 1) / keyBlock
        let shares = Swift.max(1, Swift.min(keyBlocks, ThreadPool.threadCount / kvItems))
        let groupFloats = groupSize * queryTime * headDim  // the dQ of one kv head's query heads
        // dQ of shares after the first: [shares − 1, kvItems, groupSize, queryTime, headDim]
        let extraQueryGradients = UnsafeMutablePointer<Float>.allocate(capacity: (shares - 1) * kvItems * groupFloats)
        defer { extraQueryGradients.deallocate() }
        forEachItem(kvItems * shares) { items in
            let blockSize = queryBlock * keyBlock
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 2 * blockSize + groupSize * queryTime)
            defer { scratch.deallocate() }
            let probabilities = scratch, scoreGradients = scratch + blockSize  // [rows, columns] each
            let deltas = scratch + 2 * blockSize  // [groupSize, queryTime]
            for item in items {
                let (kvItem, share) = item.quotientAndRemainder(dividingBy: shares)
                let (b, kvHead) = kvItem.quotientAndRemainder(dividingBy: kvHeads)
                let firstHead = kvHead * groupSize, queryStart = queryRow(b, firstHead, 0)
                let groupQueryGradient = share == 0 ? queryGradient + queryStart
                    : extraQueryGradients + ((share - 1) * kvItems + kvItem) * groupFloats
                groupQueryGradient.update(repeating: 0, count: groupFloats)
                // delta[t] = Σ dO[t]·O[t], the softmax backward's projection, for every row of the group.
                for row in 0..<groupSize * queryTime {
                    let offset = queryStart + row * headDim
                    deltas[row] = VectorMath.dot(outputGradient + offset, output + offset, headDim)
                }
                for keyBlockIndex in stride(from: share, to: keyBlocks, by: shares) {
                    let firstKey = keyBlockIndex * keyBlock, columns = Swift.min(keyBlock, keyTime - firstKey)
                    let keyOffset = keyRow(b, kvHead, firstKey)
                    keyGradient.advanced(by: keyOffset).update(repeating: 0, count: columns * headDim)
                    valueGradient.advanced(by: keyOffset).update(repeating: 0, count: columns * headDim)
                    // Rows before this one cannot see any key of the block.
                    let firstRow = causal ? Swift.max(0, firstKey - (keyTime - queryTime)) : 0
                    for head in firstHead..<firstHead + groupSize {
                        let headIndex = head - firstHead
                        for rowStart in stride(from: firstRow, to: queryTime, by: queryBlock) {
                            let block = ScoreBlock(b: b, head: head, kvHead: kvHead,
                                                      rows: rowStart..<Swift.min(queryTime, rowStart + queryBlock),
                                                      firstKey: firstKey, columns: columns)
                            backwardScoreBlock(block, operands,
                                          queryGradient: groupQueryGradient + (headIndex * queryTime + rowStart) * headDim,
                                          probabilities: probabilities, scoreGradients: scoreGradients,
                                          deltas: deltas + headIndex * queryTime + rowStart)
                        }
                    }
                }
            }
        }
        guard shares > 1 else { return }
        parallelFor(kvItems * groupSize * queryTime, grain: Swift.max(1, (1 << 14) / headDim)) { rows in
            for row in rows {
                let (kvItem, groupRow) = row.quotientAndRemainder(dividingBy: groupSize * queryTime)
                let destination = queryGradient + row * headDim
                for share in 1..<shares {
                    let source = extraQueryGradients + ((share - 1) * kvItems + kvItem) * groupFloats + groupRow * headDim
                    for index in 0..<headDim { destination[index] += source[index] }
                }
            }
        }
    }

    /// The inputs and the key/value gradients of one backward pass.
    struct BackwardOperands {
        let query: UnsafePointer<Float>, key: UnsafePointer<Float>, value: UnsafePointer<Float>
        let logSumExp: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>
        let keyGradient: UnsafeMutablePointer<Float>, valueGradient: UnsafeMutablePointer<Float>
    }

    /// One score block: query rows `rows` of `head` against `columns` keys from `firstKey`.
    struct ScoreBlock {
        let b: Int, head: Int, kvHead: Int
        let rows: Range<Int>
        let firstKey: Int, columns: Int
    }

    /// Adds one score block's contributions to dQ (at `queryGradient`, the block's first row),
    /// dK and dV. `deltas` starts at the block's first row.
    private func backwardScoreBlock(_ block: ScoreBlock, _ operands: BackwardOperands, queryGradient: UnsafeMutablePointer<Float>,
                               probabilities: UnsafeMutablePointer<Float>, scoreGradients: UnsafeMutablePointer<Float>,
                               deltas: UnsafePointer<Float>) {
        let (rows, columns) = (block.rows.count, block.columns)
        let queryOffset = queryRow(block.b, block.head, block.rows.lowerBound)
        let keyOffset = keyRow(block.b, block.kvHead, block.firstKey)
        let q = operands.query + queryOffset, dO = operands.outputGradient + queryOffset
        let k = operands.key + keyOffset, v = operands.value + keyOffset
        let lse = operands.logSumExp + (block.b * heads + block.head) * queryTime + block.rows.lowerBound
        // P[rows, columns] = exp(scale · Q·Kᵀ − lse)
        BLAS.gemm(transposeB: true, m: rows, n: columns, k: headDim, alpha: scale,
                  a: q, lda: headDim, b: k, ldb: headDim, c: probabilities, ldc: columns)
        for r in 0..<rows {
            exponentiateRow(probabilities + r * columns, columns: columns, firstKey: block.firstKey,
                            t: block.rows.lowerBound + r, shift: lse[r])
        }
        // dV[columns, headDim] += Pᵀ · dO[rows, headDim]
        BLAS.gemm(transposeA: true, m: columns, n: headDim, k: rows, a: probabilities, lda: columns,
                  b: dO, ldb: headDim, beta: 1, c: operands.valueGradient + keyOffset, ldc: headDim)
        // dP[rows, columns] = dO · Vᵀ, then dS = P ∘ (dP − delta)
        BLAS.gemm(transposeB: true, m: rows, n: columns, k: headDim, a: dO, lda: headDim, b: v, ldb: headDim,
                  c: scoreGradients, ldc: columns)
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
