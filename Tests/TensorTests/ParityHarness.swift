import Foundation
import Tensor
import XCTest

/// PyTorch parity: replays cases recorded by `tools/make_op_fixtures.py` (forward output and
/// the gradients of `sum(output · cotangent)`) and compares Tessera's results.
struct ParityCase: Decodable {
    struct Array: Decodable {
        let shape: [Int]
        let data: [Float]
        var tensor: Tensor { Tensor(shape: shape, values: data) }
    }

    let name: String
    let op: String
    /// Op parameters: numbers, booleans, lists of numbers.
    let params: [String: ParityValue]
    let inputs: [Array]
    /// Integer side inputs (ids, targets).
    let integers: [String: [Int]]
    let output: Array
    let cotangent: Array
    /// One per input; nil where PyTorch gives no gradient (e.g. integer-like inputs).
    let gradients: [Array?]
    let tolerance: Float?

    func int(_ key: String) -> Int { params[key]!.numbers[0].asInt }
    func float(_ key: String) -> Float { Float(params[key]!.numbers[0]) }
    func ints(_ key: String) -> [Int] { params[key]!.numbers.map(\.asInt) }
    func bool(_ key: String) -> Bool { params[key]!.numbers[0] != 0 }
    func has(_ key: String) -> Bool { params[key] != nil }
}

/// A JSON parameter value: a number, a boolean, or a list of numbers (all read as Doubles).
struct ParityValue: Decodable {
    let numbers: [Double]
    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let list = try? container.decode([Double].self) {
            numbers = list
        } else if let flag = try? container.decode(Bool.self) {
            numbers = [flag ? 1 : 0]
        } else {
            numbers = [try container.decode(Double.self)]
        }
    }
}

extension Double {
    var asInt: Int { Int(self) }
}

enum Parity {
    /// The cases of one fixture group (`Fixtures/ops/<group>.json`).
    static func cases(_ group: String) throws -> [ParityCase] {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/ops/\(group)", withExtension: "json"),
                                "missing fixture group \(group); run tools/make_op_fixtures.py")
        struct Group: Decodable { let cases: [ParityCase] }
        return try JSONDecoder().decode(Group.self, from: Data(contentsOf: url)).cases
    }

    /// Runs every case of `group` through `operations[case.op]` and compares forward and gradients.
    static func check(group: String, operations: [String: (ParityCase, [Tensor]) -> Tensor],
                      file: StaticString = #filePath, line: UInt = #line) throws {
        let cases = try cases(group)
        XCTAssertFalse(cases.isEmpty, "no cases in \(group)", file: file, line: line)
        for parityCase in cases {
            guard let operation = operations[parityCase.op] else {
                XCTFail("\(group): no Swift operation for op \(parityCase.op)", file: file, line: line)
                continue
            }
            let inputs = parityCase.inputs.enumerated().map { index, array in
                let tensor = array.tensor
                tensor.requiresGrad = parityCase.gradients[index] != nil
                return tensor
            }
            let output = operation(parityCase, inputs)
            let tolerance = parityCase.tolerance ?? 1e-4
            assertClose(output, parityCase.output, tolerance: tolerance, "\(parityCase.name) forward", file: file, line: line)
            guard parityCase.gradients.contains(where: { $0 != nil }) else { continue }
            output.backward(parityCase.cotangent.tensor)
            for (index, expected) in parityCase.gradients.enumerated() {
                guard let expected else { continue }
                guard let gradient = inputs[index].grad else {
                    XCTFail("\(parityCase.name): no gradient for input \(index)", file: file, line: line)
                    continue
                }
                assertClose(gradient, expected, tolerance: tolerance, "\(parityCase.name) gradient \(index)", file: file, line: line)
            }
        }
    }

    /// Asserts |actual − expected| ≤ tolerance · max(1, |expected|) elementwise, shapes equal.
    static func assertClose(_ actual: Tensor, _ expected: ParityCase.Array, tolerance: Float, _ what: String,
                            file: StaticString, line: UInt) {
        guard actual.shape == expected.shape else {
            XCTFail("\(what): shape \(actual.shape) vs PyTorch \(expected.shape)", file: file, line: line)
            return
        }
        var worst: Float = 0, worstIndex = 0
        for (index, (value, reference)) in zip(actual.data, expected.data).enumerated() {
            let error = Swift.abs(value - reference) / Swift.max(1, Swift.abs(reference))
            if !(error <= worst) { worst = error; worstIndex = index }
        }
        XCTAssert(worst <= tolerance, "\(what): element \(worstIndex) off by \(worst) (relative)", file: file, line: line)
    }
}
