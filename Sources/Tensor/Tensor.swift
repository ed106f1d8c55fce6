import Foundation

/// A dense, contiguous, row-major Float32 array that records the ops producing it for autograd.
///
/// Every op returns a new tensor (reshape shares storage); parameters and gradients are
/// the only tensors updated in place.
public final class Tensor {
    public let shape: [Int]
    public let storage: TensorStorage
    /// When true, ops on this tensor are recorded and `backward()` fills `grad`.
    public var requiresGrad: Bool
    /// The accumulated gradient of a leaf tensor after `backward()`.
    public var grad: Tensor?
    /// The op that produced this tensor, when it was recorded for autograd.
    public internal(set) var gradientFunction: GradientFunction?

    public init(shape: [Int], storage: TensorStorage, requiresGrad: Bool = false) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
        precondition(shape.reduce(1, *) == storage.count, "shape \(shape) does not match storage of \(storage.count)")
        self.shape = shape
        self.storage = storage
        self.requiresGrad = requiresGrad
    }

    /// A zero-filled tensor.
    public convenience init(zeros shape: [Int], requiresGrad: Bool = false) {
        self.init(shape: shape, storage: TensorStorage(count: shape.reduce(1, *)), requiresGrad: requiresGrad)
    }

    /// A tensor whose storage is allocated but not initialized; callers write every element.
    public convenience init(uninitialized shape: [Int]) {
        self.init(shape: shape, storage: TensorStorage(count: shape.reduce(1, *), zeroed: false))
    }

    public convenience init(shape: [Int], repeating value: Float) {
        self.init(uninitialized: shape)
        storage.pointer.update(repeating: value, count: count)
    }

    public convenience init(shape: [Int], values: [Float], requiresGrad: Bool = false) {
        precondition(values.count == shape.reduce(1, *), "\(values.count) values for shape \(shape)")
        self.init(uninitialized: shape)
        values.withUnsafeBufferPointer { storage.pointer.update(from: $0.baseAddress!, count: values.count) }
        self.requiresGrad = requiresGrad
    }

    /// A 0-dimensional tensor.
    public convenience init(scalar: Float) { self.init(shape: [], values: [scalar]) }

    public var count: Int { storage.count }
    public var rank: Int { shape.count }
    public var data: UnsafeMutableBufferPointer<Float> { storage.buffer }
    public var pointer: UnsafeMutablePointer<Float> { storage.pointer }

    /// The size of dimension `axis` (negative axes count from the end).
    public func size(_ axis: Int) -> Int { shape[normalizedAxis(axis)] }

    public func normalizedAxis(_ axis: Int) -> Int {
        let result = axis < 0 ? axis + rank : axis
        precondition(result >= 0 && result < rank, "axis \(axis) out of range for shape \(shape)")
        return result
    }

    public func toArray() -> [Float] { Array(data) }

    /// The single value of a one-element tensor.
    public var item: Float {
        precondition(count == 1, "item of a tensor with \(count) elements")
        return pointer[0]
    }

    /// The same values, cut off from the autograd graph (storage is shared).
    public func detached() -> Tensor { Tensor(shape: shape, storage: storage) }

    /// A copy with its own storage.
    public func copy() -> Tensor {
        let result = Tensor(uninitialized: shape)
        result.pointer.update(from: pointer, count: count)
        return result
    }

    /// Overwrites this tensor's values with `other`'s (same element count), outside autograd.
    public func assign(_ other: Tensor) {
        precondition(other.count == count, "assign \(other.shape) into \(shape)")
        pointer.update(from: other.pointer, count: count)
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let preview = data.prefix(8).map { String(format: "%.4g", $0) }.joined(separator: ", ")
        return "Tensor(\(shape)) [\(preview)\(count > 8 ? ", …" : "")]"
    }
}

/// Row-major strides of a shape.
public func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var running = 1
    for axis in stride(from: shape.count - 1, through: 0, by: -1) {
        strides[axis] = running
        running *= shape[axis]
    }
    return strides
}
