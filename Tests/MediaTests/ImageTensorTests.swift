import Media
import Tensor
import XCTest

/// Images to float tensors in [−1, 1] and back.
final class ImageTensorTests: XCTestCase {
    func testTensorIsChannelsFirstInMinusOneToOne() {
        let image = RGBImage(width: 2, height: 1, pixels: [0, 255, 51, 102, 153, 204])
        let tensor = image.tensor()
        XCTAssertEqual(tensor.shape, [3, 1, 2])
        let expected: [Float] = [0, 102, 255, 153, 51, 204].map { $0 / 127.5 - 1 }
        for (actual, wanted) in zip(tensor.toArray(), expected) { XCTAssertEqual(actual, wanted, accuracy: 1e-6) }
        XCTAssertEqual(RGBImage(tensor: tensor), image)
    }

    func testBatchRoundTripAndClamping() {
        let first = RGBImage(width: 3, height: 2, pixels: (0..<18).map { UInt8($0 * 14) })
        let second = RGBImage(width: 3, height: 2, pixels: (0..<18).map { UInt8(255 - $0 * 9) })
        let batch = RGBImage.batchTensor([first, second])
        XCTAssertEqual(batch.shape, [2, 3, 2, 3])
        XCTAssertEqual(RGBImage.images(fromBatch: batch), [first, second])
        let outOfRange = Tensor(shape: [3, 1, 2], values: [-3, 7, .nan, 0.999, -1, 1])
        XCTAssertEqual(RGBImage(tensor: outOfRange).pixels, [0, 0, 0, 255, 255, 255])  // pixels (−3, NaN, −1), (7, 0.999, 1)
    }
}
