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
        resizedWindow(x: 0, y: 0, width: self.width, height: self.height, toWidth: width, toHeight: height)
    }

    /// The largest centred square, resized to `size × size` (the usual preparation for an image
    /// tokenizer); the square is resampled in place, without an intermediate copy.
    public func centerCroppedToSquare(size: Int) -> RGBImage {
        let side = Swift.min(width, height)
        return resizedWindow(x: (width - side) / 2, y: (height - side) / 2, width: side, height: side, toWidth: size, toHeight: size)
    }

    /// The `width × height` window at (`x`, `y`) resampled to `toWidth × toHeight`: width first, then height.
    private func resizedWindow(x: Int, y: Int, width: Int, height: Int, toWidth: Int, toHeight: Int) -> RGBImage {
        precondition(toWidth > 0 && toHeight > 0, "resize to \(toWidth)×\(toHeight)")
        precondition(width > 0 && height > 0, "resize of an empty image")
        guard toWidth != width || toHeight != height else { return cropped(x: x, y: y, width: width, height: height) }
        var image = self
        var start = (y * self.width + x) * 3  // the window's first byte in `image`
        if toWidth != width {
            let resampler = AxisResampler(inputSize: width, outputSize: toWidth, filter: toWidth < width ? .box : .bicubic)
            let rowStride = image.width * 3
            image = image.resampled(width: toWidth, height: height) { input, output in
                // Lines are rows: pixels 3 bytes apart.
                resampler.apply(lines: height, input: input + start, inputLineStride: rowStride, inputPixelStride: 3,
                                output: output, outputLineStride: toWidth * 3, outputPixelStride: 3)
            }
            start = 0
        }
        if toHeight != height {
            let resampler = AxisResampler(inputSize: height, outputSize: toHeight, filter: toHeight < height ? .box : .bicubic)
            let rowStride = image.width * 3
            image = image.resampled(width: toWidth, height: toHeight) { input, output in
                // Lines are columns: pixels one row apart.
                resampler.apply(lines: toWidth, input: input + start, inputLineStride: 3, inputPixelStride: rowStride,
                                output: output, outputLineStride: 3, outputPixelStride: toWidth * 3)
            }
        }
        return image
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

extension RGBImage {
    /// The image mirrored left to right.
    public func flippedHorizontally() -> RGBImage {
        var mirrored = pixels
        for y in 0..<height {
            for x in 0..<width {
                let (target, source) = ((y * width + x) * 3, (y * width + width - 1 - x) * 3)
                for channel in 0..<3 { mirrored[target + channel] = pixels[source + channel] }
            }
        }
        return RGBImage(width: width, height: height, pixels: mirrored)
    }
}

extension RGBImage {
    /// Images of one size laid out row by row, `columns` to a row, on white (for contact sheets).
    public static func tiled(_ images: [RGBImage], columns: Int) -> RGBImage {
        precondition(!images.isEmpty && columns > 0, "tiling needs images and columns")
        let (width, height) = (images[0].width, images[0].height)
        let rows = (images.count + columns - 1) / columns
        let sheetWidth = width * Swift.min(columns, images.count)
        var pixels = [UInt8](repeating: 255, count: sheetWidth * height * rows * 3)
        for (index, image) in images.enumerated() {
            precondition(image.width == width && image.height == height, "tiling images of different sizes")
            let (left, top) = (index % columns * width, index / columns * height)
            for y in 0..<height {
                let target = ((top + y) * sheetWidth + left) * 3
                pixels.replaceSubrange(target..<(target + width * 3), with: image.pixels[(y * width * 3)..<((y + 1) * width * 3)])
            }
        }
        return RGBImage(width: sheetWidth, height: height * rows, pixels: pixels)
    }
}
