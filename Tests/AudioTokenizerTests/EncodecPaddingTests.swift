@testable import AudioTokenizer
import Formats
import Foundation
import NN
import Tensor
import XCTest

/// EncodecConv1d / EncodecConvTranspose1d against transformers on every padding path
/// (tools/make_encodec_padding_fixtures.py): causal and centred, reflect and constant, odd
/// strides, dilation, inputs shorter than the padding, and transposed-output trimming.
final class EncodecPaddingTests: XCTestCase {
    func testConvolutionsMatchTransformers() throws {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/encodec_padding/cases.json")
        let cases = try JSONValue.parse(Data(contentsOf: url)).objectValue?["transformers_cases"]?.arrayValue ?? []
        XCTAssertEqual(cases.count, 10)
        for (index, testCase) in cases.enumerated() {
            let fields = testCase.objectValue ?? [:]
            func integer(_ key: String) -> Int { Int(fields[key]?.integerValue ?? -1) }
            let config = try EncodecConfiguration(HFConfig(values: [
                "use_causal_conv": fields["use_causal_conv"] ?? .null, "pad_mode": fields["pad_mode"] ?? .null,
                "trim_right_ratio": fields["trim_right_ratio"] ?? .null,
            ]))
            let (inChannels, outChannels, kernel) = (integer("in_channels"), integer("out_channels"), integer("kernel"))
            let layer: Module, run: (Tensor) -> Tensor
            if fields["kind"]?.stringValue == "conv" {
                let convolution = EncodecConv1d(config, inChannels, outChannels, kernel: kernel, stride: integer("stride"),
                                                dilation: integer("dilation"))
                (layer, run) = (convolution, { convolution($0) })
            } else {
                let convolution = EncodecConvTranspose1d(config, inChannels, outChannels, kernel: kernel, stride: integer("stride"))
                (layer, run) = (convolution, { convolution($0) })
            }
            let parameters = (fields["parameters"]?.objectValue ?? [:]).mapValues(Self.tensor)
            try layer.load(parameters)
            let output = withoutGradient { run(Self.tensor(fields["input"] ?? .null)) }
            let expected = Self.tensor(fields["output"] ?? .null)
            XCTAssertEqual(output.shape, expected.shape, "case \(index)")
            if output.shape == expected.shape { XCTAssertLessThan(maximumDifference(output, expected), 1e-5, "case \(index)") }
        }
    }

    /// A `{"shape": [...], "values": [...]}` object as a tensor.
    static func tensor(_ value: JSONValue) -> Tensor {
        let fields = value.objectValue ?? [:]
        let shape = (fields["shape"]?.arrayValue ?? []).map { Int($0.integerValue ?? 0) }
        let values = (fields["values"]?.arrayValue ?? []).map { Float($0.doubleValue ?? .nan) }
        return Tensor(shape: shape, values: values)
    }
}
