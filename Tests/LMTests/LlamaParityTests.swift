import Foundation
import Formats
import LM
import NN
import Tensor
import XCTest

/// Parity with `transformers`' `LlamaForCausalLM` on the fixtures of tools/make_lm_fixtures.py.
final class LlamaParityTests: XCTestCase {
    func testLogitsMatchTheReference() throws {
        for name in LMFixture.names {
            let fixture = try LMFixture(name)
            let logits = withoutGradient { try! fixture.model()(fixture.inputIDs, batch: 2) }  // [2, 16, 600]
            assertClose(logits, fixture.logits, tolerance: 1e-4, "\(name) logits")
        }
    }

    func testGreedyGenerationsMatchTheReference() throws {
        for name in LMFixture.names {
            let fixture = try LMFixture(name)
            let model = try fixture.model()
            for case_ in fixture.generations {
                let settings = GenerationSettings(
                    maxNewTokens: case_.max_new_tokens, stopIDs: Set(model.config.eosTokenIDs.map(Int32.init)),
                    sampling: SamplingSettings(greedy: true, repetitionPenalty: case_.repetition_penalty))
                var generator = RandomGenerator(seed: 0)
                let generated = try model.generate(prompt: case_.prompt, settings: settings, generator: &generator)
                XCTAssertEqual(generated, case_.new_ids, "\(name), penalty \(case_.repetition_penalty)")
            }
        }
    }

    /// Decoding one id at a time through the cache gives the logits of one full forward pass.
    func testCachedDecodingEqualsFullRecompute() throws {
        for name in LMFixture.names {
            let fixture = try LMFixture(name)
            let model = try fixture.model()
            let ids = Array(fixture.inputIDs.prefix(16))
            let cache = KVCache(layers: model.config.layers)
            let stepwise = withoutGradient {
                // A 5-id prefill, then one id per step.
                [model(Array(ids[0..<5]), cache: cache)] + ids[5...].map { model([$0], cache: cache) }
            }
            let full = withoutGradient { model(ids) }  // [1, 16, 600]
            assertClose(Tensor.concat(stepwise, axis: 1), full, tolerance: 1e-4, "\(name) cached logits")
            XCTAssertEqual(cache.length, 16)
        }
    }

    func testParameterKeysAreTheCheckpointsNames() throws {
        for name in LMFixture.names {
            let fixture = try LMFixture(name)
            let stored = try CheckpointTensors(directory: fixture.directory).tensorNames
            XCTAssertEqual(try fixture.model().namedParameters().map(\.key).sorted(), stored, name)
        }
    }
}
