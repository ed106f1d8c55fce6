import Tensor

/// The keys and values of the positions an attention layer has already seen, so that an
/// incremental decoding step attends to them without recomputing their projections.
public protocol KeyValueStore: AnyObject {
    /// The number of positions stored.
    var length: Int { get }

    /// Appends this call's keys and values, each [batch, kvHeads, time, headDim], and returns the
    /// keys and values of every position so far: [batch, kvHeads, length + time, headDim].
    func append(key: Tensor, value: Tensor) -> (key: Tensor, value: Tensor)
}
