/// A contiguous run of global ids: `first ..< first + count`.
public struct IDRange: Codable, Equatable, Sendable {
    /// The first id.
    public var first: Int
    /// How many ids.
    public var count: Int

    /// The run of `count` ids from `first`.
    public init(first: Int, count: Int) {
        self.first = first
        self.count = count
    }

    /// One past the last id.
    public var end: Int { first + count }

    /// Whether `id` lies in the run.
    public func contains(_ id: Int) -> Bool { id >= first && id < end }
}
