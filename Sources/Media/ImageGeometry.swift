/// Cropping and resizing.
///
/// Resizing follows Pillow: an axis that shrinks uses `Image.BOX` (each output pixel averages
/// the input pixels whose centres fall inside its footprint: exact area averaging for integer
/// factors), an axis that grows uses `Image.BICUBIC` (Keys cubic, a = −0.5, weights renormalised
/// at the borders). Width is resampled first, then height, each pass rounding to 8 bits, as
/// Pillow does; the results equal `PIL.Image.resize` bit for bit when both axes shrink or both grow.
extension RGBImage {
    /// The `width × height` window whose top-left corner is at (`x`, `y`).
    public func cropped(x: Int, y: Int, width: Int, height: Int) -> RGBImage {
        precondition(x >= 0 && y >= 0 && width >= 0 && height >= 0 && x + width <= self.width && y + height <= self.height,
                     "crop \(width)×\(height) at (\(x), \(y)) outside a \(self.width)×\(self.height) image")
        var result = [UInt8]()
        result.reserveCapacity(width * height * 3)
        for row in y..<(y + height) {
            let start = (row * self.width + x) * 3
            result.append(contentsOf: pixels[start..<(start + width * 3)])
        }
        return RGBImage(width: width, height: height, pixels: result)
    }

    /// The centred `width × height` window; an odd margin leaves the extra pixel on the right or bottom.
    public func centerCropped(width: Int, height: Int) -> RGBImage {
        cropped(x: (self.width - width) / 2, y: (self.height - height) / 2, width: width, height: height)
    }

    /// The image resampled to `width × height` (box filter on a shrinking axis, bicubic on a growing one).
    public func resized(width: Int, height: Int) -> RGBImage {
        precondition(width > 0 && height > 0, "resize to \(width)×\(height)")
        precondition(self.width > 0 && self.height > 0, "resize of an empty image")
        var image = self
        if width != image.width {
            let resampler = AxisResampler(inputSize: image.width, outputSize: width, filter: width < image.width ? .box : .bicubic)
            image = image.resampled(width: width, height: image.height) { input, output in
                // Lines are rows: pixels 3 bytes apart.
                resampler.apply(lines: image.height, input: input, inputLineStride: image.width * 3, inputPixelStride: 3,
                                output: output, outputLineStride: width * 3, outputPixelStride: 3)
            }
        }
        if height != image.height {
            let resampler = AxisResampler(inputSize: image.height, outputSize: height, filter: height < image.height ? .box : .bicubic)
            image = image.resampled(width: image.width, height: height) { input, output in
                // Lines are columns: pixels one row apart.
                resampler.apply(lines: image.width, input: input, inputLineStride: 3, inputPixelStride: image.width * 3,
                                output: output, outputLineStride: 3, outputPixelStride: image.width * 3)
            }
        }
        return image
    }

    /// The largest centred square, resized to `size × size` (the usual preparation for an image tokenizer).
    public func centerCroppedToSquare(size: Int) -> RGBImage {
        let side = Swift.min(width, height)
        return centerCropped(width: side, height: side).resized(width: size, height: size)
    }

    /// A new `width × height` image whose pixels `fill` writes from this image's pixels.
    private func resampled(width: Int, height: Int,
                           _ fill: (UnsafePointer<UInt8>, UnsafeMutablePointer<UInt8>) -> Void) -> RGBImage {
        let output = [UInt8](unsafeUninitializedCapacity: width * height * 3) { buffer, initialized in
            pixels.withUnsafeBufferPointer { fill($0.baseAddress!, buffer.baseAddress!) }
            initialized = width * height * 3
        }
        return RGBImage(width: width, height: height, pixels: output)
    }
}
