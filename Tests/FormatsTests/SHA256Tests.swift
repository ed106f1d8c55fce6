import Formats
import Foundation
import XCTest

/// SHA-256 against the FIPS 180-4 example messages and Python's hashlib.
final class SHA256Tests: XCTestCase {
    func testKnownDigests() {
        let cases: [(String, String)] = [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            (String(repeating: "a", count: 1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
        ]
        for (message, digest) in cases {
            XCTAssertEqual(SHA256.hash(Data(message.utf8)).hex, digest, "\(message.prefix(20))…")
        }
    }

    func testEveryLengthAroundTheBlockBoundaryMatchesHashlib() {
        // sha256(bytes(range(n))) for n in (55, 56, 63, 64, 65, 119, 120) from Python's hashlib.
        let expected: [Int: String] = [
            55: "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59",
            56: "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562",
            63: "29af2686fd53374a36b0846694cc342177e428d1647515f078784d69cdb9e488",
            64: "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108",
            65: "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781",
            119: "da18797ed7c3a777f0847f429724a2d8cd5138e6ed2895c3fa1a6d39d18f7ec6",
            120: "f52b23db1fbb6ded89ef42a23ce0c8922c45f25c50b568a93bf1c075420bbb7c",
        ]
        for (length, digest) in expected.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(SHA256.hash(Data((0..<length).map { UInt8($0) })).hex, digest, "length \(length)")
        }
    }

    func testHexParsing() {
        let digest = SHA256.hash(Data("x".utf8))
        XCTAssertEqual(SHA256Digest(hex: digest.hex), digest)
        XCTAssertEqual(SHA256Digest(hex: digest.hex.uppercased()), digest)
        XCTAssertNil(SHA256Digest(hex: "abc"))
        XCTAssertNil(SHA256Digest(hex: String(repeating: "g", count: 64)))
        XCTAssertNil(SHA256Digest(bytes: [1, 2, 3]))
    }
}
