import Foundation
import LM

/// What `tessera demo` reads, where it writes, and how big each stage is (`quick` shrinks
/// everything so a test finishes in seconds).
public struct DemoSettings {
    /// The output directory: every stage's files, the stage markers and `report.html`.
    public var output: URL
    /// A directory holding `documents-64-{train,heldout}.jsonl` (built under `output/data` when missing).
    public var datasets: URL
    /// The image tokenizer directory (default tokenizers/image-vq64).
    public var imageTokenizer: URL
    /// The audio codec directory; nil (or missing) leaves audio out of the vocabulary.
    public var audioTokenizer: URL?
    /// Tiny sizes for tests.
    public var quick = false
    /// Print nothing but errors.
    public var quiet = false

    /// Settings with the full-size recipe.
    public init(output: URL, datasets: URL, imageTokenizer: URL, audioTokenizer: URL?) {
        (self.output, self.datasets, self.imageTokenizer, self.audioTokenizer) = (output, datasets, imageTokenizer, audioTokenizer)
    }

    /// The SentencePiece model's pieces.
    var textPieces: Int { quick ? 300 : 1000 }
    /// Documents read from each manifest (nil: all).
    var documentLimit: Int? { quick ? 32 : nil }
    /// Spoken clips made when the demo builds the datasets itself (each is in two training documents).
    var speechClipLimit: Int { audioDocumentLimit / 2 + 200 }
    /// Training documents with speech kept (the rest of the speech is left out to keep tokenizing short).
    var audioDocumentLimit: Int { quick ? 12 : 3000 }
    /// Held-out prompts sampled in `direction` (every one is compared with every other's reference).
    func sampleCount(_ direction: DemoDirection) -> Int { quick ? 2 : direction == .textToImage ? 96 : 32 }
    /// Samples of each direction shown in the report.
    var shownCount: Int { quick ? 2 : 8 }
    /// Optimizer steps of the base model, the vocab stage and the full stage.
    var steps: (base: Int, vocab: Int, full: Int) { (300, 150, 1600) }
    /// The base model's shape as a Hugging Face Llama config (without vocab_size).
    var modelShape: String {
        quick ? #""hidden_size": 16, "intermediate_size": 32, "num_hidden_layers": 1, "num_attention_heads": 2, "num_key_value_heads": 1"#
            : #""hidden_size": 256, "intermediate_size": 688, "num_hidden_layers": 4, "num_attention_heads": 4, "num_key_value_heads": 4"#
    }

    /// The training options of one stage: `steps` optimizer steps at `learningRate`.
    func training(steps: Int, learningRate: Float) -> LMTrainingOptions {
        var options = LMTrainingOptions()
        (options.steps, options.batchSize, options.sequenceLength) = quick ? (2, 2, 32) : (steps, 8, 256)
        options.warmupSteps = quick ? 1 : steps / 10
        (options.learningRate, options.minimumLearningRate) = (learningRate, learningRate / 10)
        return options
    }

    /// A file or directory under `output`.
    func path(_ name: String) -> URL { output.appendingPathComponent(name) }
}
