import TestSupport
import Formats
import Foundation
import XCTest

/// Size-limited reads and UTF-8 checks name the file and, for bad text, the offending byte.
final class FileContentsTests: XCTestCase {
    func testReadsTextAndRefusesInvalidUTF8WithItsOffset() throws {
        let directory = try makeTemporaryDirectory()
        let good = directory.appendingPathComponent("good.txt")
        try Data("Grüße 🙂\n".utf8).write(to: good)
        XCTAssertEqual(try FileContents.readText(good, maximumSize: 100), "Grüße 🙂\n")
        XCTAssertNoThrow(try FileContents.checkUTF8(good))

        let cases: [([UInt8], String)] = [
            ([0x47, 0x72, 0xFC, 0x65], "invalid byte 0xfc at offset 2"),        // Latin-1 "Grüe"
            ([0x61, 0xE2, 0x98], "invalid byte 0xe2 at offset 1"),              // cut-off sequence
            ([0xED, 0xA0, 0x80], "invalid byte 0xed at offset 0"),              // a UTF-16 surrogate
            ([0xC0, 0xAF], "invalid byte 0xc0 at offset 0"),                    // an overlong "/"
        ]
        for (bytes, problem) in cases {
            let bad = directory.appendingPathComponent("bad.txt")
            try Data(bytes).write(to: bad)
            assertFormatError(try FileContents.readText(bad, maximumSize: 100), path: bad, contains: problem)
            assertFormatError(try FileContents.checkUTF8(bad), path: bad, contains: problem)
        }
    }

    func testRefusesFilesOverTheLimit() throws {
        let url = try makeTemporaryDirectory().appendingPathComponent("big.bin")
        try Data(count: 101).write(to: url)
        assertFormatError(try FileContents.read(url, maximumSize: 100), path: url, contains: "101 bytes, more than the limit of 100")
        XCTAssertEqual(try FileContents.read(url, maximumSize: 101).count, 101)
    }
}
