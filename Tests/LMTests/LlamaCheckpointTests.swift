import Foundation
import Formats
import LM
import NN
import Tensor
import TestSupport
import XCTest

/// Saving, loading and refusing Llama checkpoints and inputs.
final class LlamaCheckpointTests: XCTestCase {
    /// A tiny untied geometry with grouped-query attention.
    static var smallConfig: LlamaConfig {
        var config = LlamaConfig()
        (config.vocabularySize, config.hiddenSize, config.intermediateSize) = (50, 16, 32)
        (config.layers, config.heads, config.kvHeads, config.headDimension, config.maxPositions) = (2, 4, 2, 4, 32)
        config.ropeTheta = 20000
        return config
    }

    func testConfigReadsBothRoPEForms() throws {
        let fixture = try LLamaConfigFile.read("sharded")
        XCTAssertEqual(fixture.ropeTheta, 1e6)
        XCTAssertEqual([fixture.kvHeads, fixture.headDimension, fixture.vocabularySize], [1, 16, 600])
        let old = try LlamaConfig(HFConfig(values: ["rope_theta": .number(5e5), "num_attention_heads": .integer(8), "hidden_size": .integer(64)]))
        XCTAssertEqual(old.ropeTheta, 5e5)
        XCTAssertEqual([old.kvHeads, old.headDimension], [8, 8])
        XCTAssertEqual(try LlamaConfig(HFConfig(values: Self.smallConfig.jsonObject)), Self.smallConfig)
    }

    func testSaveThenLoadGivesTheSameLogits() throws {
        for tied in [false, true] {
            var config = Self.smallConfig
            config.tieWordEmbeddings = tied
            let model = LlamaForCausalLM(config: config, seed: 3)
            let directory = try makeTemporaryDirectory()
            try model.save(to: directory)
            XCTAssertEqual(try CheckpointTensors(directory: directory).contains("lm_head.weight"), !tied)
            let loaded = try LlamaForCausalLM.load(from: directory)
            XCTAssertEqual(loaded.config, config)
            let ids: [Int32] = [1, 7, 49, 3, 3, 20]
            assertClose(withoutGradient { loaded(ids) }, withoutGradient { model(ids) }, tolerance: 0, "tied \(tied)")
        }
    }

    func testShapesThatDisagreeWithTheConfigAreAOneLineError() throws {
        let directory = try makeTemporaryDirectory()
        try LlamaForCausalLM(config: Self.smallConfig).save(to: directory)
        var wrong = Self.smallConfig
        wrong.vocabularySize = 60
        try JSONFile.write(JSONValue.object(wrong.jsonObject), to: directory.appendingPathComponent("config.json"))
        assertFormatError(try LlamaForCausalLM.load(from: directory), path: directory,
                          contains: "model.embed_tokens.weight has shape [50, 16], expected [60, 16]")
    }

    func testUnsupportedSettingsAreAOneLineError() throws {
        let directory = try makeTemporaryDirectory()
        let url = directory.appendingPathComponent("config.json")
        var values = Self.smallConfig.jsonObject
        values["rope_parameters"] = .object(["rope_type": .string("llama3"), "rope_theta": .number(5e5)])
        try JSONFile.write(JSONValue.object(values), to: url)
        assertFormatError(try LlamaConfig(contentsOf: url), path: url, contains: "rope_type 'llama3' is not supported")
        values = Self.smallConfig.jsonObject
        values["num_key_value_heads"] = .integer(3)
        try JSONFile.write(JSONValue.object(values), to: url)
        assertFormatError(try LlamaConfig(contentsOf: url), path: url, contains: "not a multiple of num_key_value_heads 3")
    }

    func testBadPromptsAreRefused() throws {
        let model = LlamaForCausalLM(config: Self.smallConfig)
        var generator = RandomGenerator(seed: 0)
        let settings = GenerationSettings(maxNewTokens: 2, sampling: SamplingSettings(greedy: true))
        for (prompt, problem) in [([Int32]([1, 50]), "id 50 is outside the vocabulary of 50 ids"),
                                  ([Int32](repeating: 1, count: 33), "33 positions exceed the context of 32"),
                                  ([], "the prompt is empty")] {
            XCTAssertThrowsError(try model.generate(prompt: prompt, settings: settings, generator: &generator)) { error in
                XCTAssert("\(error)".contains(problem), "\(error)")
            }
        }
    }

    /// Generation stops when the sequence fills the context.
    func testGenerationStopsAtTheContext() throws {
        let model = LlamaForCausalLM(config: Self.smallConfig)
        var generator = RandomGenerator(seed: 0)
        let generated = try model.generate(prompt: Array(repeating: 1, count: 30), settings: GenerationSettings(maxNewTokens: 10),
                                           generator: &generator)
        XCTAssertEqual(generated.count, 2)
    }
}

/// The config of a fixture model.
enum LLamaConfigFile {
    static func read(_ name: String) throws -> LlamaConfig {
        try LlamaConfig(contentsOf: Bundle.module.resourceURL!.appendingPathComponent("Fixtures/\(name)/config.json"))
    }
}
