import TestSupport
import Foundation
import XCTest

/// Fixture files of the other test targets, found in the source tree, and checks shared by CLI tests.
enum CLIFixtures {
    /// The Tests directory of the source tree.
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    /// A file under Tests/TextTokenizerTests/Fixtures.
    static func text(_ name: String) -> URL {
        testsDirectory.appendingPathComponent("TextTokenizerTests/Fixtures/\(name)")
    }

    /// The Janus image tokenizer fixture directory.
    static let janus = testsDirectory.appendingPathComponent("ImageTokenizerTests/Fixtures/janus")
    /// The EnCodec audio tokenizer fixture directory.
    static let encodec = testsDirectory.appendingPathComponent("AudioTokenizerTests/Fixtures/encodec")

    /// Writes a vocab spec over the unigram text model (600 pieces) and the Janus and EnCodec fixtures
    /// (1373 ids) to `url`, with `extra` arguments for `vocab build`.
    static func buildVocabulary(at url: URL, _ extra: [String] = []) throws {
        let result = try Tessera.run(["vocab", "build", "--text", text("unigram.model").path, "--image", janus.path,
                                      "--audio", encodec.path, "-o", url.path, "--quiet"] + extra)
        XCTAssertEqual(result.status, 0, result.standardError)
    }

    /// A file under Tests/FormatsTests/Fixtures.
    static func formats(_ name: String) -> URL {
        testsDirectory.appendingPathComponent("FormatsTests/Fixtures/\(name)")
    }
}

extension XCTestCase {
    /// Asserts the failure contract: exit 1, nothing on standard output, and exactly one line
    /// `tessera: error: <path>: <problem>` on standard error, whose problem contains `problem`.
    func assertOneLineError(_ result: CommandResult, path: String, contains problem: String,
                            file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.status, 1, result.standardError, file: file, line: line)
        XCTAssertEqual(result.standardOutput, "", file: file, line: line)
        let lines = result.standardError.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 2, "expected one line: \(result.standardError)", file: file, line: line)
        XCTAssertEqual(lines.last, "", file: file, line: line)
        let prefix = "tessera: error: \(path): "
        XCTAssertTrue(result.standardError.hasPrefix(prefix), "\(result.standardError) does not start with \(prefix)", file: file, line: line)
        XCTAssertTrue(result.standardError.contains(problem), "\(result.standardError) does not contain \(problem)", file: file, line: line)
    }

    /// Asserts that `directory` holds exactly `names` (no partial or temporary files).
    func assertDirectory(_ directory: URL, holds names: [String], file: StaticString = #filePath, line: UInt = #line) {
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        XCTAssertEqual(contents.sorted(), names.sorted(), file: file, line: line)
    }
}
