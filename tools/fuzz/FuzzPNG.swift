// libFuzzer entry point for the PNG reader (built by tools/fuzz/build.sh): every input must decode
// or throw a FormatError, never crash; decoded images also go through the geometry code.
import Foundation
import Media

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNG(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let image = try? PNGDecoder(maximumPixels: 1 << 22).decode(bytes: bytes, name: "fuzz.png") else { return 0 }
    if image.width * image.height <= 1 << 16 {
        _ = image.resized(width: 7, height: 3)
        _ = image.resized(width: image.width * 2, height: image.height + 1)
        _ = image.centerCroppedToSquare(size: 5)
        _ = RGBImage(tensor: image.tensor())
    }
    return 0
}
