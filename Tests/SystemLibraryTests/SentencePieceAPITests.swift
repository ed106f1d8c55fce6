import CSentencePiece
import Foundation
import XCTest

/// The C API over libsentencepiece: train, load, encode, decode, and clear errors.
final class SentencePieceAPITests: XCTestCase {
    private var errorBuffer = [CChar](repeating: 0, count: 512)

    func testTrainEncodeDecodeRoundTrip() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-spm-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let corpus = directory.appendingPathComponent("corpus.txt")
        let sentences = (0..<200).map { "the quick brown fox number \($0) jumps over the lazy dog near the river bank" }
        try sentences.joined(separator: "\n").write(to: corpus, atomically: true, encoding: .utf8)
        let prefix = directory.appendingPathComponent("model").path
        let arguments = "--input=\(corpus.path) --model_prefix=\(prefix) --vocab_size=40 --model_type=unigram "
            + "--character_coverage=1.0 --minloglevel=2"
        XCTAssertEqual(spm_train(arguments, &errorBuffer, Int32(errorBuffer.count)), 0, string(errorBuffer))

        let processor = try XCTUnwrap(spm_load(prefix + ".model", &errorBuffer, Int32(errorBuffer.count)))
        defer { spm_free(processor) }
        XCTAssertEqual(spm_vocab_size(processor), 40)
        let text = "the lazy fox jumps"
        var ids = [Int32](repeating: 0, count: 64)
        let count = Int(spm_encode(processor, text, text.utf8.count, &ids, Int32(ids.count), &errorBuffer, Int32(errorBuffer.count)))
        XCTAssertGreaterThan(count, 0)
        var decoded = [CChar](repeating: 0, count: 256)
        let length = spm_decode(processor, ids, Int32(count), &decoded, decoded.count, &errorBuffer, Int32(errorBuffer.count))
        XCTAssertEqual(Int(length), text.utf8.count)
        XCTAssertEqual(string(decoded), text)

        var piece = [CChar](repeating: 0, count: 64)
        XCTAssertGreaterThan(spm_id_to_piece(processor, ids[0], &piece, Int32(piece.count)), 0)
        XCTAssertEqual(spm_piece_to_id(processor, piece), ids[0])
        XCTAssertEqual(spm_id_to_piece(processor, 40, &piece, Int32(piece.count)), -1)
    }

    func testLoadFailureReportsError() {
        XCTAssertNil(spm_load("/nonexistent/model.model", &errorBuffer, Int32(errorBuffer.count)))
        XCTAssertFalse(string(errorBuffer).isEmpty)
        let garbage: [CChar] = [1, 2, 3, 4]
        XCTAssertNil(spm_load_from_bytes(garbage, 4, &errorBuffer, Int32(errorBuffer.count)))
    }

    /// The NUL-terminated string in a C buffer.
    private func string(_ buffer: [CChar]) -> String {
        buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
