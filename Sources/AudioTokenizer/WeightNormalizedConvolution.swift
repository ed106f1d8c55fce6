import Tensor
import NN

/// The parameters of a weight-normalised `nn.Conv1d` / `nn.ConvTranspose1d`, under the keys
/// that `torch.nn.utils.parametrizations.weight_norm` writes.
///
/// The weight is `magnitude · direction / ‖direction[o]‖` with one norm per slice of the first
/// axis (PyTorch's `dim=0`): for a transposed convolution that axis is the input channels.
final class WeightNormalizedConvolution: Module {
    /// Checkpoint key of the magnitude g: [firstAxis, 1, 1].
    static let magnitudeKey = "parametrizations.weight.original0"
    /// Checkpoint key of the direction v: the weight's shape.
    static let directionKey = "parametrizations.weight.original1"

    let magnitude: Tensor, direction: Tensor, bias: Tensor

    /// `weightShape` is [out, in, kernel] for a convolution, [in, out, kernel] for a transposed one.
    init(weightShape: [Int], outChannels: Int) {
        magnitude = Tensor(zeros: [weightShape[0], 1, 1])
        direction = Tensor(zeros: weightShape)
        bias = Tensor(zeros: [outChannels])
        super.init()
        register(Self.magnitudeKey, parameter: magnitude)
        register(Self.directionKey, parameter: direction)
        register("bias", parameter: bias)
    }

    /// The effective weight, computed afresh so that gradients reach g and v.
    var weight: Tensor { weightNorm(direction: direction, magnitude: magnitude) }

    /// The same parameter under the older `torch.nn.utils.weight_norm` spelling
    /// (`weight_g` / `weight_v`), which the released EnCodec checkpoints use; nil for other keys.
    static func legacyKey(for key: String) -> String? {
        for (modern, legacy) in [(magnitudeKey, "weight_g"), (directionKey, "weight_v")] where key.hasSuffix(modern) {
            return String(key.dropLast(modern.count)) + legacy
        }
        return nil
    }
}
