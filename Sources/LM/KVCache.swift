import NN
import Tensor

/// The keys and values of every layer for the positions decoded so far, so that each decoding
/// step runs the model on its new tokens only.
public final class KVCache {
    /// One attention layer's keys and values, each [batch, kvHeads, length, headDim].
    public final class Layer: KeyValueStore {
        private var key: Tensor?, value: Tensor?

        /// The number of positions stored.
        public var length: Int { key?.shape[2] ?? 0 }

        /// Appends the step's keys and values and returns all of them (see `KeyValueStore`).
        public func append(key newKey: Tensor, value newValue: Tensor) -> (key: Tensor, value: Tensor) {
            withoutGradient {
                let joined = [(key, newKey), (value, newValue)].map { stored, new in
                    stored.map { Tensor.concat([$0, new.detached()], axis: 2) } ?? new.detached()
                }
                (key, value) = (joined[0], joined[1])
            }
            return (key!, value!)
        }
    }

    /// The layers' stores, in layer order.
    public let layers: [Layer]

    /// An empty cache for a model of `layers` layers.
    public init(layers: Int) {
        self.layers = (0..<layers).map { _ in Layer() }
    }

    /// The number of positions stored.
    public var length: Int { layers.first?.length ?? 0 }
}
