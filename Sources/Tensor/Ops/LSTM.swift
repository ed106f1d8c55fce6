import Foundation

// lstm — backward: back-propagation through time over the saved gate activations and cell
// states, one matrix product per step for the recurrent gradient; then dInput = dGates·W_ih,
// dW_ih = dGatesᵀ·input, dW_hh = dGates[1...]ᵀ·h[..<last], each one GEMM, and dBias = Σ dGates.
/// One LSTM layer over a sequence, as torch.nn.LSTM (one layer, batch_first false, zero initial
/// hidden and cell state): input [time, batch, inputSize] → hidden states [time, batch, hidden].
/// Gates in PyTorch's order (input, forget, cell, output): weightInput is [4·hidden, inputSize],
/// weightHidden [4·hidden, hidden], biasInput and biasHidden [4·hidden].
public func lstm(_ input: Tensor, weightInput: Tensor, weightHidden: Tensor,
                 biasInput: Tensor?, biasHidden: Tensor?) -> Tensor {
    let (gates, output, cells) = lstmForward(input, weightInput: weightInput, weightHidden: weightHidden,
                                             biasInput: biasInput, biasHidden: biasHidden, initial: nil)
    let (time, batch, inputSize) = (input.shape[0], input.shape[1], input.shape[2])
    let hidden = weightHidden.shape[1], gateWidth = 4 * hidden
    let rows = time * batch, stepGates = batch * gateWidth, stepStates = batch * hidden

    let inputs = [input, weightInput, weightHidden] + [biasInput, biasHidden].compactMap { $0 }
    return Tensor.record("lstm", output, inputs) { dy in
        let gateGradients = Tensor(uninitialized: [time, batch, gateWidth])  // pre-activation gradients
        let hiddenGradient = Tensor(zeros: [batch, hidden])  // from step + 1 through W_hh
        let cellGradient = Tensor(zeros: [batch, hidden])  // from step + 1 through the forget gate
        for step in stride(from: time - 1, through: 0, by: -1) {
            let gatesNow = gates.pointer + step * stepGates, gradientsNow = gateGradients.pointer + step * stepGates
            let cellsNow = cells.pointer + step * stepStates, upstream = dy.pointer + step * stepStates
            let previousCells = step > 0 ? UnsafePointer(cells.pointer + (step - 1) * stepStates) : nil
            let dh = hiddenGradient.pointer, dc = cellGradient.pointer
            forEachCell(batch: batch, hidden: hidden) { item, unit in
                let row = gatesNow + item * gateWidth, gradientRow = gradientsNow + item * gateWidth
                let state = item * hidden + unit
                let inputGate = row[unit], forgetGate = row[hidden + unit]
                let candidate = row[2 * hidden + unit], outputGate = row[3 * hidden + unit]
                let cellTanh = tanhThroughExp(cellsNow[state])
                let hiddenGrad = upstream[state] + dh[state]
                let cellGrad = dc[state] + hiddenGrad * outputGate * (1 - cellTanh * cellTanh)
                gradientRow[unit] = cellGrad * candidate * inputGate * (1 - inputGate)
                gradientRow[hidden + unit] = cellGrad * (previousCells?[state] ?? 0) * forgetGate * (1 - forgetGate)
                gradientRow[2 * hidden + unit] = cellGrad * inputGate * (1 - candidate * candidate)
                gradientRow[3 * hidden + unit] = hiddenGrad * cellTanh * outputGate * (1 - outputGate)
                dc[state] = cellGrad * forgetGate
            }
            if step > 0 {
                // dh[step − 1] [batch, hidden] = dGates[step] [batch, 4·hidden] · W_hh [4·hidden, hidden]
                multiply(gradientsNow, batch: batch, by: weightHidden, transposed: false, beta: 0, into: dh)
            }
        }
        let dGates = gateGradients.pointer  // [time·batch, 4·hidden]
        defer { withExtendedLifetime(gateGradients) {} }
        var gradients: [Tensor?] = [nil, nil, nil]
        if input.requiresGrad {
            // [time·batch, inputSize] = dGates [time·batch, 4·hidden] · W_ih [4·hidden, inputSize]
            let dx = Tensor(uninitialized: input.shape)
            BLAS.gemm(m: rows, n: inputSize, k: gateWidth, a: dGates, lda: gateWidth,
                      b: weightInput.pointer, ldb: inputSize, c: dx.pointer, ldc: inputSize)
            gradients[0] = dx
        }
        if weightInput.requiresGrad {
            // [4·hidden, inputSize] = dGatesᵀ · input [time·batch, inputSize]
            let dw = Tensor(uninitialized: weightInput.shape)
            BLAS.gemm(transposeA: true, m: gateWidth, n: inputSize, k: rows, a: dGates, lda: gateWidth,
                      b: input.pointer, ldb: inputSize, c: dw.pointer, ldc: inputSize)
            gradients[1] = dw
        }
        if weightHidden.requiresGrad {
            // [4·hidden, hidden] = dGates[1...]ᵀ · h[..<time − 1]: step t's gates saw h[t − 1].
            let dw = time > 1 ? Tensor(uninitialized: weightHidden.shape) : Tensor(zeros: weightHidden.shape)
            BLAS.gemm(transposeA: true, m: gateWidth, n: hidden, k: rows - batch, a: dGates + stepGates, lda: gateWidth,
                      b: output.pointer, ldb: hidden, c: dw.pointer, ldc: hidden)
            gradients[2] = dw
        }
        // [4·hidden] = dGatesᵀ · ones [time·batch]: both biases get the same gradient.
        let biases = [biasInput, biasHidden].compactMap { $0 }
        let db = biases.contains(where: \.requiresGrad) ? Tensor(uninitialized: [gateWidth]) : nil
        if let db {
            let ones = Tensor(shape: [rows], repeating: 1)
            BLAS.gemv(transpose: true, rows: rows, columns: gateWidth, a: dGates, lda: gateWidth, x: ones.pointer,
                      y: db.pointer)
            withExtendedLifetime(ones) {}
        }
        gradients += biases.map { $0.requiresGrad ? db : nil }
        return gradients
    }
}

/// The forward pass of one LSTM layer: gate activations [time, batch, 4·hidden], hidden states and
/// cell states [time, batch, hidden], starting from `initial` (zeros when nil).
private func lstmForward(_ input: Tensor, weightInput: Tensor, weightHidden: Tensor, biasInput: Tensor?, biasHidden: Tensor?,
                         initial: LSTMState?) -> (gates: Tensor, output: Tensor, cells: Tensor) {
    precondition(input.rank == 3, "lstm input must be [time, batch, inputSize], got \(input.shape)")
    let (time, batch, inputSize) = (input.shape[0], input.shape[1], input.shape[2])
    precondition(time > 0 && batch > 0, "lstm of an empty sequence \(input.shape)")
    precondition(weightHidden.rank == 2 && weightHidden.shape[0] == 4 * weightHidden.shape[1],
                 "lstm weightHidden must be [4·hidden, hidden], got \(weightHidden.shape)")
    let hidden = weightHidden.shape[1], gateWidth = 4 * hidden
    precondition(weightInput.shape == [gateWidth, inputSize],
                 "lstm weightInput \(weightInput.shape), expected [\(gateWidth), \(inputSize)]")
    for bias in [biasInput, biasHidden].compactMap({ $0 }) {
        precondition(bias.shape == [gateWidth], "lstm bias \(bias.shape), expected [\(gateWidth)]")
    }
    let rows = time * batch, stepGates = batch * gateWidth, stepStates = batch * hidden

    // Pre-activations of every step: biases, plus the input projection as one GEMM.
    let gates = Tensor(zeros: [time, batch, gateWidth])  // activations once the recurrence has run
    for bias in [biasInput, biasHidden].compactMap({ $0 }) {
        let values = bias.pointer, preactivations = gates.pointer
        parallelFor(rows, grain: Swift.max(1, (1 << 14) / gateWidth)) { range in
            for row in range {
                let destination = preactivations + row * gateWidth  // [4·hidden]
                for gate in 0..<gateWidth { destination[gate] += values[gate] }
            }
        }
    }
    // [time·batch, 4·hidden] += input [time·batch, inputSize] · W_ihᵀ
    BLAS.gemm(transposeB: true, m: rows, n: gateWidth, k: inputSize, a: input.pointer, lda: inputSize,
              b: weightInput.pointer, ldb: inputSize, beta: 1, c: gates.pointer, ldc: gateWidth)

    let output = Tensor(uninitialized: [time, batch, hidden])
    let cells = Tensor(uninitialized: [time, batch, hidden])
    for step in 0..<time {
        let gatesNow = gates.pointer + step * stepGates  // [batch, 4·hidden]
        let previousHidden = step > 0 ? UnsafePointer(output.pointer + (step - 1) * stepStates) : initial.map { UnsafePointer($0.hidden.pointer) }
        if let previousHidden {
            // [batch, 4·hidden] += h[step − 1] [batch, hidden] · W_hhᵀ
            multiply(previousHidden, batch: batch, by: weightHidden, transposed: true, beta: 1, into: gatesNow)
        }
        let previousCells = step > 0 ? UnsafePointer(cells.pointer + (step - 1) * stepStates) : initial.map { UnsafePointer($0.cell.pointer) }
        let cellsNow = cells.pointer + step * stepStates, hiddenNow = output.pointer + step * stepStates
        forEachCell(batch: batch, hidden: hidden) { item, unit in
            let row = gatesNow + item * gateWidth, state = item * hidden + unit
            let inputGate = sigmoidFunction(row[unit]), forgetGate = sigmoidFunction(row[hidden + unit])
            let candidate = tanhThroughExp(row[2 * hidden + unit]), outputGate = sigmoidFunction(row[3 * hidden + unit])
            row[unit] = inputGate
            row[hidden + unit] = forgetGate
            row[2 * hidden + unit] = candidate
            row[3 * hidden + unit] = outputGate
            let cell = forgetGate * (previousCells?[state] ?? 0) + inputGate * candidate
            cellsNow[state] = cell
            hiddenNow[state] = outputGate * tanhThroughExp(cell)
        }
    }
    withExtendedLifetime(initial) {}
    return (gates, output, cells)
}

/// An LSTM layer's carried state between chunks of a sequence: the last hidden and cell states, each [batch, hidden].
public struct LSTMState {
    public var hidden: Tensor, cell: Tensor

    /// A state of the given hidden and cell states.
    public init(hidden: Tensor, cell: Tensor) { (self.hidden, self.cell) = (hidden, cell) }
}

/// One LSTM layer over the next chunk of a sequence, for inference (no gradient is recorded):
/// the same values as `lstm` over the whole sequence, chunk by chunk, starting from `state`
/// (zeros when nil) and leaving the chunk's last hidden and cell states in it.
/// input [time, batch, inputSize] → hidden states [time, batch, hidden]
public func lstm(_ input: Tensor, weightInput: Tensor, weightHidden: Tensor, biasInput: Tensor?, biasHidden: Tensor?,
                 state: inout LSTMState?) -> Tensor {
    let (_, output, cells) = lstmForward(input, weightInput: weightInput, weightHidden: weightHidden,
                                         biasInput: biasInput, biasHidden: biasHidden, initial: state)
    let last = input.shape[0] - 1
    let shape = Array(output.shape.dropFirst())  // [batch, hidden]
    state = LSTMState(hidden: output.slice(axis: 0, last..<(last + 1)).reshaped(shape),
                      cell: cells.slice(axis: 0, last..<(last + 1)).reshaped(shape))
    return output
}

/// Runs `body(batchItem, unit)` over every LSTM cell of one step, batch items split across threads
/// when there are enough cells.
@inline(__always)
private func forEachCell(batch: Int, hidden: Int, _ body: (Int, Int) -> Void) {
    parallelFor(batch, grain: Swift.max(1, 2048 / hidden)) { items in
        for item in items {
            for unit in 0..<hidden { body(item, unit) }
        }
    }
}

/// `c[batch, n] = a[batch, k] · W (or · Wᵀ when transposed) + beta · c` for a weight W [rows,
/// columns]: one matrix–vector product when batch is 1, since GEMM would repack W at every step.
@inline(__always)
private func multiply(_ a: UnsafePointer<Float>, batch: Int, by weight: Tensor, transposed: Bool, beta: Float,
                      into c: UnsafeMutablePointer<Float>) {
    let (rows, columns) = (weight.shape[0], weight.shape[1])
    let (n, k) = transposed ? (rows, columns) : (columns, rows)
    if batch == 1 {
        BLAS.gemv(transpose: !transposed, rows: rows, columns: columns, a: weight.pointer, lda: columns, x: a,
                  beta: beta, y: c)
    } else {
        BLAS.gemm(transposeB: transposed, m: batch, n: n, k: k, a: a, lda: k, b: weight.pointer, ldb: columns,
                  beta: beta, c: c, ldc: n)
    }
}

/// tanh through one exp, `1 − 2 / (e^{2x} + 1)`: within 2·10⁻⁷ of tanh (absolute) and several times
/// faster than tanhf, the costliest part of the LSTM's elementwise work.
@inline(__always)
private func tanhThroughExp(_ x: Float) -> Float { 1 - 2 / (Foundation.exp(2 * x) + 1) }
