import TestSupport
import Formats
import Foundation
import XCTest

extension XCTestCase {
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

    /// Signal-to-noise ratio in dB of `actual` against `reference`.
    func signalToNoise(_ actual: [Float], _ reference: [Float]) -> Double {
        let signal = reference.reduce(0.0) { $0 + Double($1) * Double($1) }
        let noise = zip(actual, reference).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }
        return 10 * log10(signal / Swift.max(noise, 1e-30))
    }
}
