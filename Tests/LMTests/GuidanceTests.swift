import LM
import Tensor
import XCTest

/// Classifier-free guidance decodes the unconditional prompt in the same batch as the prompt.
final class GuidanceTests: XCTestCase {
    private func greedy(_ model: LlamaForCausalLM, _ prompt: [Int32], guidance: Guidance? = nil) throws -> [Int32] {
        var generator = RandomGenerator(seed: 0)
        return try model.generate(prompt: prompt, settings: GenerationSettings(maxNewTokens: 12, sampling: SamplingSettings(greedy: true)),
                                  guidance: guidance, generator: &generator)
    }

    /// Scale 0 picks from the unconditional branch alone, scale 1 from the conditional one.
    func testScalesZeroAndOneGiveEachBranch() throws {
        let fixture = try LMFixture("untied")
        let model = try fixture.model()
        let prompt = Array(fixture.inputIDs.prefix(8)), other = Array(fixture.inputIDs.suffix(8))
        XCTAssertNotEqual(try greedy(model, prompt), try greedy(model, other))
        XCTAssertEqual(try greedy(model, prompt, guidance: Guidance(unconditionalPrompt: other, scale: 0)), try greedy(model, other))
        XCTAssertEqual(try greedy(model, prompt, guidance: Guidance(unconditionalPrompt: other, scale: 1)), try greedy(model, prompt))
    }

    func testUnconditionalPromptOfAnotherLengthIsRefused() throws {
        let model = try LMFixture("tied").model()
        XCTAssertThrowsError(try greedy(model, [1, 2, 3], guidance: Guidance(unconditionalPrompt: [1, 2], scale: 2))) { error in
            XCTAssert("\(error)".contains("the unconditional prompt has 2 ids, the prompt 3"), "\(error)")
        }
    }
}
