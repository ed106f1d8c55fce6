import Formats
import Foundation
import LM
import Tensor

/// Sampling continuations from a language-model directory, with errors that name it.
public enum ModelSampling {
    /// Loads the Llama checkpoint in `directory` and continues `prompt` (global ids) by up to
    /// `maxNewTokens` ids, stopping after one of the config's `eos_token_id`s (unless
    /// `stopAtEOS` is false) or when the context is full. Returns the new ids.
    ///
    /// Bad input (shapes that disagree with config.json, ids outside the vocabulary, a prompt
    /// longer than the context) throws a one-line `FormatError` naming the directory.
    public static func continuation(model directory: URL, prompt: [Int32], maxNewTokens: Int, sampling: SamplingSettings,
                                    stopAtEOS: Bool = true, seed: UInt64) throws -> [Int32] {
        let model = try LlamaForCausalLM.load(from: directory)
        let stopIDs = stopAtEOS ? Set(model.config.eosTokenIDs.map { Int32(truncatingIfNeeded: $0) }) : []
        var generator = RandomGenerator(seed: seed)
        do {
            return try model.generate(prompt: prompt, settings: GenerationSettings(maxNewTokens: maxNewTokens, stopIDs: stopIDs, sampling: sampling),
                                      generator: &generator)
        } catch let error as LMError {
            throw FormatError(directory, "prompt: \(error.description)")
        }
    }
}
