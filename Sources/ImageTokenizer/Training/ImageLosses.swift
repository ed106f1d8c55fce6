import NN
import Tensor

/// Reconstruction losses that need no pretrained network.
public enum ImageLoss {
    /// Mean absolute difference of horizontal and vertical pixel differences (edges and texture),
    /// for images [batch, channels, height, width].
    public static func gradientDifference(_ prediction: Tensor, _ target: Tensor) -> Tensor {
        func differences(_ image: Tensor, axis: Int) -> Tensor {
            let length = image.shape[axis]
            return image.slice(axis: axis, 1..<length) - image.slice(axis: axis, 0..<(length - 1))
        }
        return Loss.meanAbsoluteError(differences(prediction, axis: 3), differences(target, axis: 3))
            + Loss.meanAbsoluteError(differences(prediction, axis: 2), differences(target, axis: 2))
    }
}
