import Formats
import Foundation
import XCTest

/// Helpers every test target shares: scratch directories and the one-line error contract.
extension XCTestCase {
    /// A new empty directory, removed when the test ends.
    public func makeTemporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        return directory
    }

    /// Asserts that `expression` throws a one-line `FormatError` naming `path` (`<path>: <problem>`)
    /// whose problem contains `problem` (when given).
    public func assertFormatError<Result>(_ expression: @autoclosure () throws -> Result, path: String, contains problem: String? = nil,
                                          file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try expression(), file: file, line: line) { error in
            guard let formatError = error as? FormatError else {
                return XCTFail("expected a FormatError, got \(error)", file: file, line: line)
            }
            XCTAssertEqual(formatError.path, path, file: file, line: line)
            XCTAssertTrue(formatError.description.hasPrefix(path + ": "), formatError.description, file: file, line: line)
            XCTAssertFalse(formatError.description.contains("\n"), formatError.description, file: file, line: line)
            if let problem {
                XCTAssertTrue(formatError.problem.contains(problem), "\"\(formatError.problem)\" does not contain \"\(problem)\"",
                              file: file, line: line)
            }
        }
    }

    /// The same for a file URL.
    public func assertFormatError<Result>(_ expression: @autoclosure () throws -> Result, path: URL, contains problem: String? = nil,
                                          file: StaticString = #filePath, line: UInt = #line) {
        assertFormatError(try expression(), path: path.path, contains: problem, file: file, line: line)
    }
}
