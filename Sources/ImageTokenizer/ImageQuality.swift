import Foundation
import Media

/// Full-reference image quality on 8-bit RGB images of the same size.
public enum ImageQuality {
    /// Peak signal-to-noise ratio in dB over all channels (pixel values scaled to [0, 1]); +∞ for identical images.
    public static func psnr(_ reference: RGBImage, _ test: RGBImage) -> Double {
        let error = meanSquaredError(reference, test)
        return error == 0 ? .infinity : 10 * log10(1 / error)
    }

    /// The mean squared difference over all channels, pixel values scaled to [0, 1].
    public static func meanSquaredError(_ reference: RGBImage, _ test: RGBImage) -> Double {
        precondition(reference.width == test.width && reference.height == test.height, "PSNR needs images of one size")
        let squaredError = zip(reference.pixels, test.pixels).reduce(0.0) { total, pair in
            let difference = (Double(pair.0) - Double(pair.1)) / 255
            return total + difference * difference
        }
        return squaredError / Double(reference.pixels.count)
    }

    /// Structural similarity (Wang et al. 2004: 11×11 Gaussian window, σ 1.5, K1 0.01, K2 0.03,
    /// values in [0, 1]), the mean over the valid window positions of each channel, averaged over channels.
    public static func ssim(_ reference: RGBImage, _ test: RGBImage) -> Double {
        precondition(reference.width == test.width && reference.height == test.height, "SSIM needs images of one size")
        let (c1, c2) = (0.01 * 0.01, 0.03 * 0.03)
        let channels = (0..<3).map { channel -> Double in
            let x = plane(reference, channel), y = plane(test, channel)
            let (width, height) = (reference.width, reference.height)
            let meanX = gaussianFiltered(x, width: width, height: height), meanY = gaussianFiltered(y, width: width, height: height)
            let meanXX = gaussianFiltered(zip(x, x).map(*), width: width, height: height)
            let meanYY = gaussianFiltered(zip(y, y).map(*), width: width, height: height)
            let meanXY = gaussianFiltered(zip(x, y).map(*), width: width, height: height)
            let map = meanX.indices.map { index -> Double in
                let (mx, my) = (meanX[index], meanY[index])
                let (varianceX, varianceY, covariance) = (meanXX[index] - mx * mx, meanYY[index] - my * my, meanXY[index] - mx * my)
                return (2 * mx * my + c1) * (2 * covariance + c2) / ((mx * mx + my * my + c1) * (varianceX + varianceY + c2))
            }
            return map.reduce(0, +) / Double(Swift.max(map.count, 1))
        }
        return channels.reduce(0, +) / 3
    }

    /// The share of `codebookSize` rows that occur in `codes`.
    public static func codebookUsage<Codes: Sequence<Int32>>(_ codes: Codes, codebookSize: Int) -> Double {
        Double(Set(codes).count) / Double(codebookSize)
    }

    private static let window: [Double] = {
        let weights = (-5...5).map { exp(-Double($0 * $0) / (2 * 1.5 * 1.5)) }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }()

    private static func plane(_ image: RGBImage, _ channel: Int) -> [Double] {
        stride(from: channel, to: image.pixels.count, by: 3).map { Double(image.pixels[$0]) / 255 }
    }

    /// The separable 11×11 Gaussian filter over the positions where the window fits (the "valid" region).
    private static func gaussianFiltered(_ values: [Double], width: Int, height: Int) -> [Double] {
        let radius = window.count / 2
        let (outWidth, outHeight) = (width - 2 * radius, height - 2 * radius)
        guard outWidth > 0, outHeight > 0 else { return [] }
        var rows = [Double](repeating: 0, count: height * outWidth)
        for y in 0..<height {
            for x in 0..<outWidth {
                rows[y * outWidth + x] = window.indices.reduce(0) { $0 + window[$1] * values[y * width + x + $1] }
            }
        }
        var filtered = [Double](repeating: 0, count: outHeight * outWidth)
        for y in 0..<outHeight {
            for x in 0..<outWidth {
                filtered[y * outWidth + x] = window.indices.reduce(0) { $0 + window[$1] * rows[(y + $1) * outWidth + x] }
            }
        }
        return filtered
    }
}
