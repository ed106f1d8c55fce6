import Foundation

/// A Hugging Face `config.json` (or one of its nested objects) with typed getters.
///
/// Every getter throws `FormatError` when the key holds the wrong type, or when it is missing (absent
/// or `null`) and no `default` is given; pass a default for optional settings. Numbers convert
/// sensibly: `10000.0` or `1e4` read as an Int, any number reads as a Float (`1e-06` included).
public struct HFConfig: Sendable {
    /// The object's members as parsed.
    public let values: [String: JSONValue]
    /// The file the object came from, named in errors.
    public let path: String
    /// This object's place in the file, such as "text_config." (empty at the top level).
    private let keyPrefix: String

    /// Reads the JSON object in the file at `url`.
    public init(contentsOf url: URL) throws {
        self.init(values: try JSONValue.readObject(contentsOf: url), path: url.path)
    }

    /// Wraps already parsed members; `path` names the source in errors.
    public init(values: [String: JSONValue], path: String = "config.json") {
        self.init(values: values, path: path, keyPrefix: "")
    }

    private init(values: [String: JSONValue], path: String, keyPrefix: String) {
        self.values = values
        self.path = path
        self.keyPrefix = keyPrefix
    }

    /// Whether `key` is present and not `null`.
    public func contains(_ key: String) -> Bool { values[key].map { $0 != .null } ?? false }

    /// An integer; numbers with a fraction are an error.
    public func int(_ key: String, default fallback: Int? = nil) throws -> Int {
        try value(key, fallback, "an integer", Self.int)
    }

    /// Any number, as a Float.
    public func float(_ key: String, default fallback: Float? = nil) throws -> Float {
        try value(key, fallback, "a number", Self.float)
    }

    /// A string.
    public func string(_ key: String, default fallback: String? = nil) throws -> String {
        try value(key, fallback, "a string") { $0.stringValue }
    }

    /// A boolean (`true`/`false` only; numbers are an error).
    public func bool(_ key: String, default fallback: Bool? = nil) throws -> Bool {
        try value(key, fallback, "a boolean") { if case .bool(let flag) = $0 { flag } else { nil } }
    }

    /// An array of integers.
    public func ints(_ key: String, default fallback: [Int]? = nil) throws -> [Int] {
        try value(key, fallback, "an array of integers") { Self.elements($0, Self.int) }
    }

    /// An array of numbers, as Floats.
    public func floats(_ key: String, default fallback: [Float]? = nil) throws -> [Float] {
        try value(key, fallback, "an array of numbers") { Self.elements($0, Self.float) }
    }

    /// A nested object, such as `text_config`; its errors name the full key path.
    public func object(_ key: String) throws -> HFConfig {
        let members = try value(key, nil, "an object") { $0.objectValue }
        return HFConfig(values: members, path: path, keyPrefix: keyPrefix + key + ".")
    }

    /// The member `key` converted by `convert`, or `fallback` when it is missing.
    private func value<Value>(_ key: String, _ fallback: Value?, _ expected: String,
                              _ convert: (JSONValue) -> Value?) throws -> Value {
        guard let member = values[key], member != .null else {
            if let fallback { return fallback }
            throw FormatError(path: path, problem: "missing key '\(keyPrefix)\(key)'")
        }
        guard let result = convert(member) else {
            throw FormatError(path: path, problem: "key '\(keyPrefix)\(key)' is \(member.shortText()), not \(expected)")
        }
        return result
    }

    private static func int(_ value: JSONValue) -> Int? { value.integerValue.flatMap { Int(exactly: $0) } }

    private static func float(_ value: JSONValue) -> Float? { value.doubleValue.map { Float($0) } }

    /// Every element of an array converted, or nil when the value is not an array or an element does not convert.
    private static func elements<Element>(_ value: JSONValue, _ convert: (JSONValue) -> Element?) -> [Element]? {
        guard let array = value.arrayValue else { return nil }
        let converted = array.compactMap(convert)
        return converted.count == array.count ? converted : nil
    }
}
