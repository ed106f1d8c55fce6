import Tensor

/// Conversion between 8-bit images and float tensors in [−1, 1] (value / 127.5 − 1), channels first.
extension RGBImage {
    /// The image as a `[3, height, width]` tensor with values in [−1, 1].
    public func tensor() -> Tensor {
        let result = Tensor(uninitialized: [3, height, width])
        writeChannelsFirst(to: result.pointer)
        return result
    }

    /// The images, all of one size, as a `[batch, 3, height, width]` tensor with values in [−1, 1].
    public static func batchTensor(_ images: [RGBImage]) -> Tensor {
        precondition(!images.isEmpty, "a batch of no images")
        let (width, height) = (images[0].width, images[0].height)
        precondition(images.allSatisfy { $0.width == width && $0.height == height }, "images of different sizes in one batch")
        let result = Tensor(uninitialized: [images.count, 3, height, width])
        for (index, image) in images.enumerated() {
            image.writeChannelsFirst(to: result.pointer + index * 3 * height * width)
        }
        return result
    }

    /// The image in a `[3, height, width]` tensor; values are clamped to [−1, 1] (NaN becomes −1) and
    /// rounded to 8 bits.
    public init(tensor: Tensor) {
        precondition(tensor.rank == 3 && tensor.shape[0] == 3, "an RGB image from a tensor of shape \(tensor.shape)")
        self.init(channelsFirst: tensor.pointer, width: tensor.shape[2], height: tensor.shape[1])
    }

    /// The images in a `[batch, 3, height, width]` tensor (values clamped and rounded as by `init(tensor:)`).
    public static func images(fromBatch tensor: Tensor) -> [RGBImage] {
        precondition(tensor.rank == 4 && tensor.shape[1] == 3, "RGB images from a tensor of shape \(tensor.shape)")
        let (height, width) = (tensor.shape[2], tensor.shape[3])
        return (0..<tensor.shape[0]).map { index in
            RGBImage(channelsFirst: tensor.pointer + index * 3 * height * width, width: width, height: height)
        }
    }

    /// Writes the pixels as three planes of `height × width` floats in [−1, 1].
    private func writeChannelsFirst(to destination: UnsafeMutablePointer<Float>) {
        let planeSize = width * height
        pixels.withUnsafeBufferPointer { source in
            for pixel in 0..<planeSize {
                for channel in 0..<3 {
                    destination[channel * planeSize + pixel] = Float(source[pixel * 3 + channel]) / 127.5 - 1
                }
            }
        }
    }

    /// Reads three planes of `height × width` floats, mapping [−1, 1] back to 0...255.
    private init(channelsFirst source: UnsafePointer<Float>, width: Int, height: Int) {
        let planeSize = width * height
        let pixels = [UInt8](unsafeUninitializedCapacity: planeSize * 3) { buffer, initialized in
            for pixel in 0..<planeSize {
                for channel in 0..<3 {
                    let value = source[channel * planeSize + pixel]
                    let clamped = value.isNaN ? -1 : Swift.min(Swift.max(value, -1), 1)
                    buffer[pixel * 3 + channel] = UInt8(((clamped + 1) * 127.5).rounded())
                }
            }
            initialized = planeSize * 3
        }
        self.init(width: width, height: height, pixels: pixels)
    }
}
