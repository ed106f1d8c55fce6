import Foundation
import Tensor

/// Documents packed back to back into fixed-length training windows.
///
/// The documents are concatenated into one stream and cut into windows of `sequenceLength`
/// inputs, each with the next `sequenceLength` ids as targets. A target that opens a document
/// (the `<bos>` after the previous document's `<eos>`) or that a loss mask leaves out is not
/// predicted: its target is `ignoredTarget`. Attention is not masked at document boundaries and positions run through
/// the window (Megatron's default packing).
public struct PackedSequences: Sendable {
    /// The target value of positions that are not predicted (`crossEntropy`'s default ignore index).
    public static let ignoredTarget: Int32 = -100

    /// Inputs per window.
    public let sequenceLength: Int
    /// Every document's ids, concatenated.
    private let tokens: [Int32]
    /// Whether each token of `tokens` is predicted (not the first of its document, in the loss mask).
    private let predicted: [Bool]

    /// Packs `documents` (lists of ids) into windows of `sequenceLength`; `lossMasks`, when given,
    /// holds one 0/1 per id of each document (1: the id is predicted).
    public init<Documents: Sequence<[Int]>>(documents: Documents, lossMasks: [[Int]]? = nil, sequenceLength: Int) {
        precondition(sequenceLength > 0, "sequence length \(sequenceLength)")
        var tokens: [Int32] = [], predicted: [Bool] = []
        for (index, document) in documents.enumerated() where !document.isEmpty {
            let mask = lossMasks?[index] ?? Array(repeating: 1, count: document.count)
            precondition(mask.count == document.count, "document \(index): \(mask.count) mask values for \(document.count) ids")
            tokens += document.map { Int32(truncatingIfNeeded: $0) }
            predicted += [false] + mask.dropFirst().map { $0 != 0 }
        }
        (self.tokens, self.predicted, self.sequenceLength) = (tokens, predicted, sequenceLength)
    }

    /// The number of whole windows (the stream's tail that does not fill one is dropped).
    public var windowCount: Int { Swift.max(0, (tokens.count - 1) / sequenceLength) }

    /// The largest id in the stream, or nil when it is empty.
    public var largestID: Int32? { tokens.max() }

    /// Inputs and targets of the windows `windows`, concatenated: [windows.count · sequenceLength] each.
    public func batch(_ windows: [Int]) -> (inputs: [Int32], targets: [Int32]) {
        var inputs: [Int32] = [], targets: [Int32] = []
        inputs.reserveCapacity(windows.count * sequenceLength)
        targets.reserveCapacity(windows.count * sequenceLength)
        for window in windows {
            let start = window * sequenceLength
            inputs += tokens[start..<(start + sequenceLength)]
            for position in (start + 1)...(start + sequenceLength) {
                targets.append(predicted[position] ? tokens[position] : Self.ignoredTarget)
            }
        }
        return (inputs, targets)
    }

    /// The windows of batch number `index` of `size` windows: the batches walk through a fresh
    /// shuffle of all windows each epoch (epoch e shuffled by `seed` and e), so the batch of any
    /// step is known without replaying earlier ones.
    public func windows(ofBatch index: Int, size: Int, seed: UInt64) -> [Int] {
        precondition(windowCount > 0, "no complete window to draw from")
        var order: (epoch: Int, windows: [Int]) = (-1, [])
        return (index * size..<(index + 1) * size).map { position in
            let (epoch, offset) = position.quotientAndRemainder(dividingBy: windowCount)
            if order.epoch != epoch { order = (epoch, shuffledWindows(epoch: epoch, seed: seed)) }
            return order.windows[offset]
        }
    }

    /// A Fisher–Yates shuffle of `0..<windowCount` drawn from `seed` and `epoch`.
    private func shuffledWindows(epoch: Int, seed: UInt64) -> [Int] {
        var generator = RandomGenerator(seed: seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(epoch + 1))
        var windows = Array(0..<windowCount)
        for index in stride(from: windows.count - 1, to: 0, by: -1) {
            windows.swapAt(index, generator.nextInt(below: index + 1))
        }
        return windows
    }
}
