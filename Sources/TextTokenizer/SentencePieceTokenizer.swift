import CSentencePiece
import Formats
import Foundation

/// A SentencePiece model (unigram or BPE) loaded from its `.model` file: text to ids and back.
///
/// Encoding and decoding are safe from several threads at once.
public final class SentencePieceTokenizer: @unchecked Sendable {
    /// The largest model file accepted (real models are a few megabytes).
    public static let maximumModelSize = 1 << 30
    /// The model file, or the name given for a model loaded from bytes; named in errors.
    public let source: String
    /// The SHA-256 of the model's bytes, which identifies the vocabulary.
    public let checksum: SHA256Digest
    /// The model's serialized bytes (the contents of its `.model` file).
    public let modelData: Data
    /// The number of pieces; every id is below it.
    public let vocabularySize: Int
    /// The beginning-of-sentence id, or nil when the model has none.
    public let bosID: Int?
    /// The end-of-sentence id, or nil when the model has none.
    public let eosID: Int?
    /// The id of unknown text, or nil when the model has none.
    public let unknownID: Int?
    /// The padding id, or nil when the model has none.
    public let paddingID: Int?

    private let processor: OpaquePointer

    /// Loads the `.model` file at `url`; throws `FormatError` naming it when it cannot be read or is not a model.
    public convenience init(contentsOf url: URL) throws {
        try self.init(modelData: FileContents.read(url, maximumSize: Self.maximumModelSize), source: url.path)
    }

    /// Loads a model from the bytes of a `.model` file; errors name `source`.
    public init(modelData: Data, source: String) throws {
        guard !modelData.isEmpty else { throw FormatError(path: source, problem: "file is empty, not a SentencePiece model") }
        guard modelData.count <= Self.maximumModelSize else {
            throw FormatError(path: source, problem: "model is \(modelData.count) bytes, more than the limit of \(Self.maximumModelSize)")
        }
        let (loaded, message) = SentencePieceCall.run { error, capacity in
            modelData.withUnsafeBytes { bytes in
                spm_load_from_bytes(bytes.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(bytes.count), error, capacity)
            }
        }
        guard let loaded else { throw FormatError(path: source, problem: "not a valid SentencePiece model: \(message)") }
        processor = loaded
        self.source = source
        self.modelData = modelData
        checksum = SHA256.hash(modelData)
        vocabularySize = Int(spm_vocab_size(loaded))
        let specialID = { (id: Int32) in id >= 0 ? Int(id) : nil }
        bosID = specialID(spm_bos_id(loaded))
        eosID = specialID(spm_eos_id(loaded))
        unknownID = specialID(spm_unk_id(loaded))
        paddingID = specialID(spm_pad_id(loaded))
    }

    deinit { spm_free(processor) }

    /// The ids of `text` (no beginning- or end-of-sentence ids are added). SentencePiece treats the
    /// text as one sentence and holds every piece's strings while encoding: about 180 bytes per
    /// input byte with libsentencepiece 0.1.97, so encode long texts document by document.
    public func encode(_ text: String) throws -> [Int] {
        var text = text
        return try text.withUTF8 { utf8 in
            guard utf8.count < Int(Int32.max) / 2 else {
                throw FormatError(path: source, problem: "text of \(utf8.count) bytes is too long to encode at once")
            }
            let ids = try SentencePieceCall.growing(capacity: utf8.count + 16, zero: Int32(0)) { ids, capacity in
                let (count, message) = SentencePieceCall.run { error, errorCapacity in
                    utf8.withMemoryRebound(to: CChar.self) { characters in
                        spm_encode(processor, characters.baseAddress, utf8.count, ids, Int32(capacity), error, errorCapacity)
                    }
                }
                guard count >= 0 else { throw FormatError(path: source, problem: "cannot encode text: \(message)") }
                return Int(count)
            }
            return ids.map(Int.init)
        }
    }

    /// The text of `ids`; throws `FormatError` when an id is outside the vocabulary.
    public func decode(_ ids: [Int]) throws -> String {
        if let position = ids.firstIndex(where: { $0 < 0 || $0 >= vocabularySize }) {
            throw FormatError(path: source, problem: "id \(ids[position]) at position \(position) is outside the vocabulary of \(vocabularySize) pieces")
        }
        let narrow = ids.map { Int32($0) }
        let bytes = try SentencePieceCall.growing(capacity: ids.count * 8 + 64, terminator: 1, zero: CChar(0)) { text, capacity in
            let (length, message) = SentencePieceCall.run { error, errorCapacity in
                spm_decode(processor, narrow, Int32(narrow.count), text, capacity, error, errorCapacity)
            }
            guard length >= 0 else { throw FormatError(path: source, problem: "cannot decode ids: \(message)") }
            return length
        }
        return String(decoding: bytes.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The piece of `id`, or nil when `id` is outside the vocabulary.
    public func piece(for id: Int) -> String? {
        guard (0..<vocabularySize).contains(id) else { return nil }
        let bytes = SentencePieceCall.growing(capacity: 64, terminator: 1, zero: CChar(0)) { piece, capacity in
            Int(spm_id_to_piece(processor, Int32(id), piece, Int32(capacity)))
        }
        return String(decoding: bytes.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The score of `id` (a log probability for unigram models, minus the merge rank for BPE), or nil
    /// when `id` is outside the vocabulary.
    public func score(for id: Int) -> Float? {
        guard (0..<vocabularySize).contains(id) else { return nil }
        return spm_score(processor, Int32(id))
    }

    /// The id of `piece`, or nil when the vocabulary does not hold it.
    public func id(for piece: String) -> Int? {
        guard !piece.utf8.contains(0) else { return nil }
        let id = Int(spm_piece_to_id(processor, piece))
        guard id != unknownID || self.piece(for: id) == piece else { return nil }
        return id
    }
}
