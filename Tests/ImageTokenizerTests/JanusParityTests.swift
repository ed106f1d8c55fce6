import Foundation
import Formats
import ImageTokenizer
import Media
import Tensor
import XCTest

/// Parity with `transformers`' `JanusVQVAE` on the fixtures of tools/make_image_tokenizer_fixtures.py.
final class JanusParityTests: XCTestCase {
    /// Codes may differ only where the reference gap between the two nearest rows is below this.
    static let tinyMargin: Float = 1e-4

    static let directory = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/janus")

    func testParityAt64Pixels() throws { try checkParity(size: 64, imageCount: 4, decodedCount: 4) }

    func testParityAt128Pixels() throws { try checkParity(size: 128, imageCount: 2, decodedCount: 1) }

    func testKeysAreHuggingFaceTensorNames() throws {
        let model = try JanusVQVAE.load(from: Self.directory)
        let stored = try CheckpointTensors(directory: Self.directory).tensorNames
        XCTAssertEqual(model.namedParameters().map(\.key).sorted(), stored)
    }

    /// Runs the fixture images of one size and compares every stage with the reference tensors.
    private func checkParity(size: Int, imageCount: Int, decodedCount: Int) throws {
        let model = try JanusVQVAE.load(from: Self.directory)
        let expected = try SafetensorsFile(contentsOf: Self.directory.appendingPathComponent("expected.safetensors"))
        let images = try (0..<imageCount).map {
            try PNGDecoder().decode(Self.directory.appendingPathComponent("image-\(size)-\($0).png"))
        }
        // uint8 / 127.5 − 1, channels first, as the fixture script feeds HF.
        let pixels = Tensor.concat(images.map { $0.tensor().reshaped([1, 3, size, size]) }, axis: 0)  // [batch, 3, size, size]
        try withoutGradient {
            let encoded = model.encoder(pixels)  // [batch, 32, grid, grid]
            assertClose(encoded, try expected.tensor("encoder_latents_\(size)"), tolerance: 1e-4, "encoder latents")
            let latents = try model.latents(pixels)  // [batch, 8, grid, grid]
            assertClose(latents, try expected.tensor("quant_conv_latents_\(size)"), tolerance: 1e-4, "quant_conv latents")

            let (codes, grid) = try model.encode(pixels)
            let reference = try expected.integers("codes_\(size)").map(Int32.init)
            let margins = try expected.tensor("code_margins_\(size)").toArray()
            XCTAssertEqual(grid.0, size / 16)
            XCTAssertEqual(grid.1, size / 16)
            XCTAssertEqual(codes.count, reference.count)
            let differing = codes.indices.filter { codes[$0] != reference[$0] }
            print("codes at \(size) px: \(codes.count - differing.count) of \(codes.count) equal")
            XCTAssertGreaterThanOrEqual(Double(codes.count - differing.count) / Double(codes.count), 0.99)
            for position in differing {
                XCTAssertLessThan(margins[position], Self.tinyMargin, "code \(position) differs with a margin of \(margins[position])")
            }

            let lookedUp = try model.quantizer.latents(for: reference, batch: imageCount, height: grid.0, width: grid.1)
            assertClose(lookedUp, try expected.tensor("quantized_latents_\(size)"), tolerance: 1e-6, "codebook rows")
            if size == 64 {
                assertClose(lookedUp, try expected.tensor("normalized_codebook_latents_64"), tolerance: 1e-6, "normalised rows")
            }

            let decodedCodes = Array(reference.prefix(decodedCount * grid.0 * grid.1))
            let decoded = try model.decode(codes: decodedCodes, grid: grid, batch: decodedCount)  // [decodedCount, 3, size, size]
            assertClose(decoded, try expected.tensor("decoded_\(size)"), tolerance: 1e-3, "decoded pixels")
        }
    }

    private func assertClose(_ actual: Tensor, _ expected: Tensor, tolerance: Float, _ name: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.shape, expected.shape, name, file: file, line: line)
        guard actual.shape == expected.shape else { return }
        let difference = zip(actual.toArray(), expected.toArray()).reduce(Float(0)) { Swift.max($0, abs($1.0 - $1.1)) }
        print("\(name): max |difference| \(difference)")
        XCTAssertLessThanOrEqual(difference, tolerance, name, file: file, line: line)
    }
}
