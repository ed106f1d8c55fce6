import Media
import NN
import Tensor

/// A multi-scale STFT discriminator (after EnCodec's MS-STFTD, simplified): at each STFT size, a
/// stack of 2-D convolutions over the complex spectrogram (real and imaginary parts as two
/// channels) scores every time-frequency patch. Its hidden activations feed the feature-matching loss.
public final class SpectrogramDiscriminator: Module {
    /// One scale: the STFT and its convolution stack (the last layer gives the scores).
    final class Scale: Module {
        let transform: ShortTimeFourierTransform
        let layers: [Conv2d]

        init(fftSize: Int, channels: Int, generator: inout RandomGenerator) {
            transform = ShortTimeFourierTransform(fftSize: fftSize)
            layers = [Conv2d(2, channels, kernel: 3, padding: 1, generator: &generator),
                      Conv2d(channels, channels, kernel: 3, stride: 2, padding: 1, generator: &generator),
                      Conv2d(channels, channels, kernel: 3, stride: 2, padding: 1, generator: &generator),
                      Conv2d(channels, 1, kernel: 3, padding: 1, generator: &generator)]
            super.init()
            for (index, layer) in layers.enumerated() { register("convs.\(index)", module: layer) }
        }

        /// signal [batch, samples] → hidden activations (each [batch, channels, frames′, bins′]) and
        /// the scores [batch, 1, frames″, bins″] last.
        func callAsFunction(_ signal: Tensor) -> [Tensor] {
            let spectrum = transform.spectrumByFrame(signal)  // [batch, frames, 2·bins]
            let (batch, frames) = (spectrum.shape[0], spectrum.shape[1])
            var x = spectrum.reshaped([batch, frames, 2, transform.binCount]).permuted([0, 2, 1, 3])  // [batch, 2, frames, bins]
            var outputs: [Tensor] = []
            for (index, layer) in layers.enumerated() {
                x = layer(x)
                if index < layers.count - 1 { x = leakyReLU(x) }
                outputs.append(x)
            }
            return outputs
        }
    }

    let scales: [Scale]

    /// Scales at the given STFT sizes, each with `channels` hidden channels, weights drawn from `seed`.
    public init(fftSizes: [Int] = [256, 512, 1024], channels: Int = 16, seed: UInt64) {
        var generator = RandomGenerator(seed: seed)
        scales = fftSizes.map { Scale(fftSize: $0, channels: channels, generator: &generator) }
        super.init()
        for (index, scale) in scales.enumerated() { register("scales.\(index)", module: scale) }
    }

    /// Every scale's outputs (hidden activations, then scores). signal [batch, samples] → scales × layers
    public func callAsFunction(_ signal: Tensor) -> [[Tensor]] { scales.map { $0(signal) } }

    /// Hinge loss of the discriminator: mean relu(1 − D(real)) + mean relu(1 + D(fake)), over scales.
    public func discriminatorLoss(real: Tensor, fake: Tensor) -> Tensor {
        let terms = zip(self(real), self(fake)).map { real, fake in Loss.discriminatorHinge(real: real.last!, fake: fake.last!) }
        return terms.reduce(Tensor(scalar: 0), +) / Float(terms.count)
    }

    /// The generator's losses against this discriminator: the hinge adversarial loss
    /// mean relu(1 − D(fake)), and feature matching, mean |f(real) − f(fake)| / mean |f(real)| over
    /// hidden layers; both averaged over scales. The real side is held fixed.
    public func generatorLosses(real: Tensor, fake: Tensor) -> (adversarial: Tensor, featureMatching: Tensor) {
        let realOutputs = withoutGradient { self(real) }
        var (adversarial, features) = (Tensor(scalar: 0), Tensor(scalar: 0))
        var layerCount = 0
        for (realScale, fakeScale) in zip(realOutputs, self(fake)) {
            adversarial = adversarial + (1 - fakeScale.last!).relu().mean()
            for (realLayer, fakeLayer) in zip(realScale.dropLast(), fakeScale.dropLast()) {
                let scale = 1 / (realLayer.abs().mean().item + 1e-8)
                features = features + (realLayer - fakeLayer).abs().mean() * scale
                layerCount += 1
            }
        }
        return (adversarial / Float(scales.count), features / Float(Swift.max(layerCount, 1)))
    }
}
