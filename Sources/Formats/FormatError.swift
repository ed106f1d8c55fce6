import Foundation

/// A problem with a file's contents, layout or access, described in one line as `<file path>: <problem>`.
public struct FormatError: Error, CustomStringConvertible, LocalizedError {
    /// The file (or directory) the problem was found in.
    public let path: String
    /// What is wrong, on one line.
    public let problem: String

    /// An error about the file at `path`; line breaks in `problem` become spaces.
    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// An error about the file at `url`.
    public init(_ url: URL, _ problem: String) {
        self.init(path: url.path, problem: problem)
    }

    /// `<file path>: <problem>`.
    public var description: String { "\(path): \(problem)" }

    /// The same line as `description`, for `localizedDescription`.
    public var errorDescription: String? { description }
}
