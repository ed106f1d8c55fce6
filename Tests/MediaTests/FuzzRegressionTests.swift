import TestSupport
import Formats
import Foundation
import Media
import XCTest

/// Every input that ever made a fuzzed reader crash, blow up or leak (Fixtures/fuzz-regressions/README.txt)
/// must now throw a FormatError.
final class FuzzRegressionTests: XCTestCase {
    func testPNGRegressionsAreRefusedBeforeLibpngAllocates() throws {
        let files = try regressionFiles("png")
        XCTAssertEqual(files.count, 4)
        for url in files {
            // The chunk check names the oversized chunk: libpng never sees these files.
            assertFormatError(try PNGDecoder().decode(url), path: url.path, contains: "bytes but only")
            let bytes = try [UInt8](Data(contentsOf: url))
            assertFormatError(try PNGDecoder().decode(bytes: bytes, name: url.lastPathComponent), path: url.lastPathComponent)
        }
    }

    func testAudioRegressionsThrowFormatErrors() throws {
        let files = try regressionFiles("audio")
        XCTAssertEqual(files.count, 3)
        for url in files {
            assertFormatError(try AudioDecoder().decode(url, sampleRate: 16000), path: url.path, contains: "malformed")
        }
    }

    private func regressionFiles(_ kind: String) throws -> [URL] {
        let directory = try fixtureURL("fuzz-regressions/\(kind)")
        return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.path < $1.path }
    }
}
