import Foundation

/// The attention backward kernel: one work item is one kv head of one batch item, so it alone
/// writes the key and value gradients of that head and the query gradients of the query heads
/// that share it. Score blocks are recomputed from the saved log-sum-exp.
extension AttentionLayout {
    /// Fills the three gradients (shaped as query, key and value) from the output gradient.
    func backward(query: UnsafePointer<Float>, key: UnsafePointer<Float>, value: UnsafePointer<Float>,
                  output: UnsafePointer<Float>, logSumExp: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                  queryGradient: UnsafeMutablePointer<Float>, keyGradient: UnsafeMutablePointer<Float>,
                  valueGradient: UnsafeMutablePointer<Float>) {
        let operands = BackwardOperands(query: query, key: key, value: value, logSumExp: logSumExp,
                                        outputGradient: outputGradient, queryGradient: queryGradient,
                                        keyGradient: keyGradient, valueGradient: valueGradient)
        forEachItem(batch * kvHeads) { items in
            let blockSize = queryBlock * keyBlock
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 2 * blockSize + groupSize * queryTime)
            defer { scratch.deallocate() }
            let probabilities = scratch, scoreGradients = scratch + blockSize  // [rows, columns] each
            let deltas = scratch + 2 * blockSize  // [groupSize, queryTime]
            for item in items {
                let (b, kvHead) = item.quotientAndRemainder(dividingBy: kvHeads)
                let firstHead = kvHead * groupSize
                let keyStart = keyRow(b, kvHead, 0), queryStart = queryRow(b, firstHead, 0)
                keyGradient.advanced(by: keyStart).update(repeating: 0, count: keyTime * headDim)
                valueGradient.advanced(by: keyStart).update(repeating: 0, count: keyTime * headDim)
                queryGradient.advanced(by: queryStart).update(repeating: 0, count: groupSize * queryTime * headDim)
                // delta[t] = Σ dO[t]·O[t], the softmax backward's projection, for every row of the group.
                for row in 0..<groupSize * queryTime {
                    let offset = queryStart + row * headDim
                    deltas[row] = VectorMath.dot(outputGradient + offset, output + offset, headDim)
                }
                for firstKey in stride(from: 0, to: keyTime, by: keyBlock) {
                    let columns = Swift.min(keyBlock, keyTime - firstKey)
                    // Rows before this one cannot see any key of the block.
                    let firstRow = causal ? Swift.max(0, firstKey - (keyTime - queryTime)) : 0
                    for head in firstHead..<firstHead + groupSize {
                        for rowStart in stride(from: firstRow, to: queryTime, by: queryBlock) {
                            let block = BackwardBlock(b: b, head: head, kvHead: kvHead,
                                                      rows: rowStart..<Swift.min(queryTime, rowStart + queryBlock),
                                                      firstKey: firstKey, columns: columns)
                            backwardBlock(block, operands, probabilities: probabilities, scoreGradients: scoreGradients,
                                          deltas: deltas + (head - firstHead) * queryTime)
                        }
                    }
                }
            }
        }
    }

    /// The tensors of one backward pass.
    struct BackwardOperands {
        let query: UnsafePointer<Float>, key: UnsafePointer<Float>, value: UnsafePointer<Float>
        let logSumExp: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>
        let queryGradient: UnsafeMutablePointer<Float>, keyGradient: UnsafeMutablePointer<Float>
        let valueGradient: UnsafeMutablePointer<Float>
    }

    /// One score block: query rows `rows` of `head` against `columns` keys from `firstKey`.
    struct BackwardBlock {
        let b: Int, head: Int, kvHead: Int
        let rows: Range<Int>
        let firstKey: Int, columns: Int
    }

    /// Adds one score block's contributions to dQ, dK and dV.
    private func backwardBlock(_ block: BackwardBlock, _ operands: BackwardOperands,
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
            let p = probabilities + r * columns, dS = scoreGradients + r * columns
            let delta = deltas[block.rows.lowerBound + r]
            for column in 0..<columns { dS[column] = p[column] * (dS[column] - delta) }
        }
        // dQ[rows, headDim] += scale · dS · K;  dK[columns, headDim] += scale · dSᵀ · Q
        BLAS.gemm(m: rows, n: headDim, k: columns, alpha: scale, a: scoreGradients, lda: columns, b: k, ldb: headDim,
                  beta: 1, c: operands.queryGradient + queryOffset, ldc: headDim)
        BLAS.gemm(transposeA: true, m: columns, n: headDim, k: rows, alpha: scale, a: scoreGradients, lda: columns,
                  b: q, ldb: headDim, beta: 1, c: operands.keyGradient + keyOffset, ldc: headDim)
    }
}
