import Foundation

/// Helpers for calls into the C API over libsentencepiece.
enum SentencePieceCall {
    /// The size of the buffer that receives an error message.
    static let errorCapacity = 1024

    /// Runs `body` with a buffer for an error message; returns its result and the message left in
    /// the buffer, stripped of SentencePiece's source locations.
    static func run<Result>(_ body: (UnsafeMutablePointer<CChar>, Int32) throws -> Result) rethrows
        -> (result: Result, message: String) {
        var buffer = [CChar](repeating: 0, count: errorCapacity)
        let result = try buffer.withUnsafeMutableBufferPointer { try body($0.baseAddress!, Int32(errorCapacity)) }
        let message = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return (result, readable(message))
    }

    /// Calls `fill` with a buffer of `capacity` elements, where it writes its output and returns the
    /// length it needs (plus `terminator` elements, for a C string's NUL); calls again with a larger
    /// buffer until everything fits, and returns the output.
    static func growing<Element>(capacity: Int, terminator: Int = 0, zero: Element,
                                 _ fill: (UnsafeMutablePointer<Element>, Int) throws -> Int) rethrows -> [Element] {
        var capacity = capacity
        while true {
            var buffer = [Element](repeating: zero, count: capacity)
            let length = try buffer.withUnsafeMutableBufferPointer { try fill($0.baseAddress!, capacity) }
            if length + terminator <= capacity { return Array(buffer[..<length]) }
            capacity = length + terminator
        }
    }

    /// A status message without the source file, line and checked condition SentencePiece puts in
    /// front ("Internal: ./src/trainer_interface.cc(660) [a == b] Vocabulary size too high" becomes
    /// "Vocabulary size too high"); when nothing else is left, the condition is kept.
    static func readable(_ message: String) -> String {
        guard let match = message.firstMatch(of: /^[A-Za-z ]+: \S+\.cc\(\d+\) \[(.*?)\] ?/) else { return message }
        let rest = message[match.range.upperBound...].trimmingCharacters(in: .whitespaces)
        return rest.isEmpty ? "check failed: \(match.output.1)" : rest
    }
}
