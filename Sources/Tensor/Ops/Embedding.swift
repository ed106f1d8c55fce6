import Foundation

// embedding — backward: the output gradient's rows scatter-added into a zero [vocabulary, dim]
// gradient (repeated ids accumulate).
/// Rows of `weight` [vocabulary, dim] picked by `ids`, laid out with `shape`: the result is
/// `shape + [dim]`. Every id must lie in `0..<vocabulary`.
public func embedding(_ weight: Tensor, ids: [Int32], shape: [Int]) -> Tensor {
    precondition(weight.rank == 2, "embedding: weight must be [vocabulary, dim], got \(weight.shape)")
    precondition(shape.reduce(1, *) == ids.count, "embedding: \(ids.count) ids for shape \(shape)")
    let (vocabulary, dim) = (weight.shape[0], weight.shape[1])
    for id in ids { precondition(id >= 0 && Int(id) < vocabulary, "embedding: id \(id) outside vocabulary of \(vocabulary)") }
    let result = Tensor(uninitialized: shape + [dim])
    let table = weight.pointer, output = result.pointer
    parallelFor(ids.count, grain: Swift.max(1, (1 << 14) / Swift.max(dim, 1))) { range in
        for position in range {
            (output + position * dim).update(from: table + Int(ids[position]) * dim, count: dim)
        }
    }
    return Tensor.record("embedding", result, [weight]) { dy in
        let dWeight = Tensor(zeros: weight.shape)
        let gradient = dWeight.pointer, upstream = dy.pointer
        // Split by columns so that threads never add into the same element.
        parallelFor(dim, grain: Swift.max(1, (1 << 16) / Swift.max(ids.count, 1))) { columns in
            for (position, id) in ids.enumerated() {
                let destination = gradient + Int(id) * dim, source = upstream + position * dim
                for column in columns { destination[column] += source[column] }
            }
        }
        return [dWeight]
    }
}
