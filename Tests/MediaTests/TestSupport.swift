import Formats
import Foundation
import XCTest

extension XCTestCase {
    /// A new empty directory, removed when the test ends.
    func makeTemporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("MediaTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        return directory
    }

    /// The URL of a file under Tests/MediaTests/Fixtures.
    func fixtureURL(_ name: String) throws -> URL {
        try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil),
                      "missing fixture \(name); run tools/make_media_fixtures.py")
    }

    /// A fixture's JSON object.
    func fixtureJSON(_ name: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: fixtureURL(name))) as? [String: Any])
    }

    /// A fixture of raw little-endian float32 values.
    func fixtureFloats(_ name: String) throws -> [Float] {
        let data = try Data(contentsOf: fixtureURL(name))
        return data.withUnsafeBytes { raw in
            (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }

    /// Asserts that `expression` throws a one-line `FormatError` naming `path` whose problem contains `problem`.
    func assertFormatError<Result>(_ expression: @autoclosure () throws -> Result, path: String, contains problem: String? = nil,
                                   file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try expression(), file: file, line: line) { error in
            guard let formatError = error as? FormatError else {
                return XCTFail("expected a FormatError, got \(error)", file: file, line: line)
            }
            XCTAssertEqual(formatError.path, path, file: file, line: line)
            XCTAssertFalse(formatError.description.contains("\n"), formatError.description, file: file, line: line)
            if let problem {
                XCTAssertTrue(formatError.problem.contains(problem), "\"\(formatError.problem)\" does not contain \"\(problem)\"",
                              file: file, line: line)
            }
        }
    }

    /// Signal-to-noise ratio in dB of `actual` against `reference`.
    func signalToNoise(_ actual: [Float], _ reference: [Float]) -> Double {
        let signal = reference.reduce(0.0) { $0 + Double($1) * Double($1) }
        let noise = zip(actual, reference).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }
        return 10 * log10(signal / Swift.max(noise, 1e-30))
    }
}
