import Foundation
import Media
import Tensor
import XCTest

/// STFT against torch.stft, mel filters against librosa, and gradients of the log-mel spectrogram.
final class SpectralTests: XCTestCase {
    func testSTFTMatchesTorch() throws {
        let manifest = try fixtureJSON("spectral/manifest.json")
        let (fftSize, hop, window) = try (int(manifest, "fft_size"), int(manifest, "hop_length"), int(manifest, "window_length"))
        let signal = try fixtureFloats("spectral/signal.f32")
        let transform = ShortTimeFourierTransform(fftSize: fftSize, hopLength: hop, windowLength: window)
        let (real, imaginary) = transform(Tensor(shape: [1, signal.count], values: signal))
        let (bins, frames) = try (int(manifest, "bins"), int(manifest, "frames"))
        XCTAssertEqual(real.shape, [1, bins, frames])
        XCTAssertEqual(transform.frameCount(forSampleCount: signal.count), frames)
        let expectedReal = try fixtureFloats("spectral/stft_real.f32")
        let expectedImaginary = try fixtureFloats("spectral/stft_imaginary.f32")
        let scale = expectedReal.map(abs).max() ?? 1
        assertClose(real.toArray(), expectedReal, tolerance: 1e-5 * scale, "real")
        assertClose(imaginary.toArray(), expectedImaginary, tolerance: 1e-5 * scale, "imaginary")
        let magnitude = transform.magnitude(Tensor(shape: [1, signal.count], values: signal))
        let expectedMagnitude = zip(expectedReal, expectedImaginary).map { ($0 * $0 + $1 * $1).squareRoot() }
        assertClose(magnitude.toArray(), expectedMagnitude, tolerance: 1e-5 * scale, "magnitude")
    }

    func testMelFiltersMatchLibrosa() throws {
        let banks = try XCTUnwrap(try fixtureJSON("spectral/manifest.json")["banks"] as? [[String: Any]])
        XCTAssertEqual(banks.count, 2)
        for bank in banks {
            let filters = MelFilterBank.slaney(
                sampleRate: try int(bank, "sample_rate"), fftSize: try int(bank, "fft_size"), melCount: try int(bank, "mel_count"),
                minimumFrequency: try XCTUnwrap(bank["minimum_frequency"] as? Double),
                maximumFrequency: bank["maximum_frequency"] as? Double)
            XCTAssertEqual(filters.shape, [try int(bank, "mel_count"), try int(bank, "fft_size") / 2 + 1])
            let expected = try fixtureFloats("spectral/\(try XCTUnwrap(bank["file"] as? String))")
            assertClose(filters.toArray(), expected, tolerance: 1e-6 * (expected.max() ?? 1), "mel bank")
        }
    }

    func testLogMelMatchesTorchAndLibrosa() throws {
        let manifest = try fixtureJSON("spectral/manifest.json")
        let signal = try fixtureFloats("spectral/signal.f32")
        let mel = MelSpectrogram(sampleRate: try int(manifest, "sample_rate"), fftSize: try int(manifest, "fft_size"),
                                 hopLength: try int(manifest, "hop_length"), windowLength: try int(manifest, "window_length"),
                                 melCount: try int(manifest, "mel_count"))
        let logMel = mel.logarithmic(Tensor(shape: [1, signal.count], values: signal),
                                     floor: Float(try XCTUnwrap(manifest["log_floor"] as? Double)))
        XCTAssertEqual(logMel.shape, [1, try int(manifest, "mel_count"), try int(manifest, "frames")])
        assertClose(logMel.toArray(), try fixtureFloats("spectral/log_mel.f32"), tolerance: 2e-4, "log mel")
    }

    func testLogMelGradientsMatchFiniteDifferences() {
        // A tiny batch of two signals; every op in the chain (reflect pad, frames, DFT matmul,
        // magnitude, mel matmul, transpose, log) contributes to the gradient.
        var generator = RandomGenerator(seed: 5)
        let signal = Tensor.randomNormal([2, 20], generator: &generator)
        let mel = MelSpectrogram(sampleRate: 800, fftSize: 8, hopLength: 3, windowLength: 6, melCount: 3, power: 2)
        let cotangent = Tensor.randomNormal(withoutGradient { mel.logarithmic(signal, floor: 0.1) }.shape, generator: &generator)
        func objective(_ input: Tensor) -> Double {
            let output = withoutGradient { mel.logarithmic(input, floor: 0.1) }
            return zip(output.data, cotangent.data).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }
        signal.requiresGrad = true
        mel.logarithmic(signal, floor: 0.1).backward(cotangent)
        let gradient = try! XCTUnwrap(signal.grad).toArray()
        let step: Float = 1e-2
        for element in 0..<signal.count {
            let original = signal.pointer[element]
            signal.pointer[element] = original + step
            let plus = objective(signal)
            signal.pointer[element] = original - step
            let minus = objective(signal)
            signal.pointer[element] = original
            let numeric = Float((plus - minus) / (2 * Double(step)))
            XCTAssertEqual(gradient[element], numeric, accuracy: 2e-2 * Swift.max(1, abs(numeric)), "element \(element)")
        }
    }

    func testMagnitudeGradientIsZeroAtZero() {
        let spectrum = Tensor(shape: [1, 4], values: [0, 3, 0, 4], requiresGrad: true)  // z = (0 + 0i, 3 + 4i)
        let magnitude = spectrum.complexMagnitude()
        XCTAssertEqual(magnitude.toArray(), [0, 5])
        magnitude.sum().backward()
        XCTAssertEqual(spectrum.grad?.toArray(), [0, 0.6, 0, 0.8])
    }

    private func int(_ object: [String: Any], _ key: String) throws -> Int { try XCTUnwrap(object[key] as? Int, key) }

    private func assertClose(_ actual: [Float], _ expected: [Float], tolerance: Float, _ name: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, name, file: file, line: line)
        let worst = zip(actual, expected).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThanOrEqual(worst, tolerance, "\(name): largest difference \(worst)", file: file, line: line)
    }
}
