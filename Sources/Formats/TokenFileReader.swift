import Foundation

/// Parses token files, checking every length against the bytes actually present before allocating.
enum TokenFileReader {
    /// The flag bit saying a SHA-256 vocabulary checksum follows the flags.
    static let checksumFlag: UInt32 = 1 << 0
    /// The flag bit saying the file has a global vocabulary size and every segment has global ids.
    static let globalIDsFlag: UInt32 = 1 << 1
    /// The fewest bytes a segment takes: modality, rank, reserved, codebook size.
    static let segmentHeaderSize = 8

    static func read(_ bytes: UnsafeRawBufferPointer, url: URL) throws -> TokenFile {
        var reader = LittleEndianReader(bytes, url: url)
        guard bytes.count >= TokenFile.magic.count, Array(bytes[..<TokenFile.magic.count]) == TokenFile.magic else {
            throw FormatError(url, "not a token file (the file does not start with \"TESSTOK\")")
        }
        _ = try reader.bytes(TokenFile.magic.count, for: "magic")
        let version = try reader.integer(UInt32.self, for: "version")
        guard version == TokenFile.version else {
            throw FormatError(url, "token file version \(version) is not supported (this build reads version \(TokenFile.version))")
        }
        let flags = try reader.integer(UInt32.self, for: "flags")
        guard flags & ~(checksumFlag | globalIDsFlag) == 0 else {
            throw FormatError(url, "unknown flags 0x\(String(flags, radix: 16)) in the header")
        }
        var file = TokenFile(segments: [])
        if flags & checksumFlag != 0 {
            file.vocabularyChecksum = SHA256Digest(bytes: Array(try reader.bytes(32, for: "vocabulary checksum")))
        }
        if flags & globalIDsFlag != 0 {
            file.globalVocabularySize = Int(try reader.integer(UInt32.self, for: "global vocabulary size"))
        }
        let segmentCount = Int(try reader.integer(UInt32.self, for: "segment count"))
        guard segmentCount <= reader.remaining / segmentHeaderSize else {
            throw FormatError(url, "header claims \(segmentCount) segments, more than the \(reader.remaining) bytes left can hold")
        }
        for index in 0..<segmentCount {
            file.segments.append(try readSegment(&reader, index: index, withIDs: file.globalVocabularySize != nil))
        }
        guard reader.remaining == 0 else {
            throw FormatError(url, "\(reader.remaining) bytes of trailing data after the last segment")
        }
        if let problem = file.validationProblem() { throw FormatError(url, problem) }
        return file
    }

    private static func readSegment(_ reader: inout LittleEndianReader, index: Int, withIDs: Bool) throws -> TokenSegment {
        let name = "segment \(index)"
        let url = reader.url
        let fail = { (problem: String) in FormatError(url, "\(name): \(problem)") }
        let modalityValue = try reader.integer(UInt8.self, for: "\(name) modality")
        guard let modality = TokenModality(storedValue: modalityValue) else { throw fail("unknown modality \(modalityValue)") }
        let rank = Int(try reader.integer(UInt8.self, for: "\(name) rank"))
        guard rank == modality.rank else { throw fail("a \(modality.rawValue) segment has rank \(modality.rank), not \(rank)") }
        let reserved = try reader.integer(UInt16.self, for: "\(name) reserved field")
        guard reserved == 0 else { throw fail("reserved field is \(reserved), not 0") }
        let codebookSize = Int(try reader.integer(UInt32.self, for: "\(name) codebook size"))
        var shape: [Int] = []
        for _ in 0..<rank {
            let dimension = try reader.integer(UInt64.self, for: "\(name) shape")
            guard dimension <= UInt64(Int.max) else { throw fail("dimension \(dimension) is out of range") }
            shape.append(Int(dimension))
        }
        guard let count = TokenFile.elementCount(of: shape) else { throw fail("shape \(shape) has too many elements") }
        // Check the whole segment's size against what is left before allocating anything for it.
        let arrays = withIDs ? 2 : 1
        guard count <= reader.remaining / (4 * arrays) else {
            throw fail("shape \(shape) needs \(count) codes\(withIDs ? " and ids" : ""), "
                + "more than the \(reader.remaining) bytes left can hold")
        }
        let codes = try reader.uint32Array(count: count, for: "\(name) codes")
        let ids = withIDs ? try reader.uint32Array(count: count, for: "\(name) global ids") : nil
        return TokenSegment(modality: modality, shape: shape, codebookSize: codebookSize, codes: codes, ids: ids)
    }
}
