// libFuzzer harness for the token-file reader; built by tools/fuzz/fuzz_token_file.sh (not part of the package).
import Foundation

/// libFuzzer entry: every input must parse or throw a FormatError; whatever parses must write back
/// to exactly the same bytes (the format has one encoding per file).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let url = URL(fileURLWithPath: "fuzz.tok")
    do {
        let file = try TokenFile(parsing: bytes, url: url)
        let written = try TokenFileWriter.encode(file, url: url)
        precondition(written.elementsEqual(bytes), "a parsed file does not write back to the same bytes")
    } catch is FormatError {
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    return 0
}
