/// A partition of the vocabulary into named classes (modalities: text, image, audio, special)
/// with a loss weight each; the loss of a target counts with its class's weight (0 masks it).
public struct TokenClasses: Sendable {
    /// The classes' names, in class order.
    public let names: [String]
    /// The loss weight of each class.
    public var weights: [Float]
    /// The class of every vocabulary id.
    private let classOfID: [UInt8]

    /// Classes `names` with weights `weights`; `classOfID[id]` is the class index of `id`.
    public init(names: [String], weights: [Float], classOfID: [UInt8]) {
        precondition(names.count == weights.count && names.count <= 256, "\(names.count) classes, \(weights.count) weights")
        precondition(classOfID.allSatisfy { Int($0) < names.count }, "a class index outside the \(names.count) classes")
        (self.names, self.weights, self.classOfID) = (names, weights, classOfID)
    }

    /// One class, "text", of weight 1, over `vocabularySize` ids.
    public static func single(vocabularySize: Int) -> TokenClasses {
        TokenClasses(names: ["text"], weights: [1], classOfID: Array(repeating: 0, count: vocabularySize))
    }

    /// The number of ids classified (the vocabulary's size).
    public var count: Int { classOfID.count }

    /// The class index of `id`.
    public func classIndex(of id: Int32) -> Int { Int(classOfID[Int(id)]) }

    /// The loss weight of every target (0 for ignored ones).
    public func weights(of targets: [Int32]) -> [Float] {
        targets.map { $0 == PackedSequences.ignoredTarget ? 0 : weights[classIndex(of: $0)] }
    }
}
