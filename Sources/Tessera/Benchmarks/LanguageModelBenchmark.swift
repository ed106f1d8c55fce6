import Formats
import Foundation
import LM
import Tensor

/// `tessera bench train|sample`: a random Llama of DESIGN.md's reference geometry (40M
/// parameters: hidden 512, 8 layers, 8/4 heads, vocabulary 16384) trained or decoded by
/// Tessera, by PyTorch eager on the same weights and threads (tools/bench_lm_reference.py) and,
/// for decoding, by llama.cpp on the GGUF export (tools/llama_greedy.cpp, built separately).
public struct LanguageModelBenchmark {
    /// Training or decoding.
    public enum Kind: String, CaseIterable, Sendable { case train, sample }

    /// What is measured.
    public var kind: Kind
    /// The model geometry.
    public var config: LlamaConfig = LanguageModelBenchmark.referenceConfig
    /// Windows per step, ids per window and timed steps (train).
    public var batchSize = 8, sequenceLength = 256, trainingSteps = 3
    /// Prompt ids and new ids (sample).
    public var promptLength = 8, newTokens = 128
    /// tools/bench_lm_reference.py, or nil to skip PyTorch.
    public var referenceScript: URL?
    /// The built tools/llama_greedy.cpp, or nil to skip llama.cpp.
    public var llamaGreedy: URL?
    /// A SentencePiece model for the GGUF's token table (its pieces, padded to the vocabulary).
    public var tokenizer: URL?

    /// A benchmark of `kind` on the reference geometry.
    public init(kind: Kind) { self.kind = kind }

    /// Hidden 512, 8 layers, 8 query and 4 kv heads, SwiGLU 1376, vocabulary 16384, untied: 40M parameters.
    public static var referenceConfig: LlamaConfig {
        var config = LlamaConfig()
        (config.vocabularySize, config.hiddenSize, config.intermediateSize, config.layers) = (16384, 512, 1376, 8)
        (config.heads, config.kvHeads, config.headDimension, config.maxPositions) = (8, 4, 64, 2048)
        return config
    }

    /// Measures and reports; `progress` hears what runs.
    public func run(progress: (String) -> Void) throws -> BenchmarkReport {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-bench-lm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let model = LlamaForCausalLM(config: config, seed: 0)
        try model.save(to: scratch)
        var figures: [String: Double] = [:], summary: [String: Double] = [:]
        let parameters = ["parameters": model.parameterCount, "threads": ThreadPool.threadCount]
        let result: BenchmarkResult
        switch kind {
        case .train:
            progress("training \(trainingSteps) steps of \(batchSize)×\(sequenceLength)…")
            let tokensPerSecond = trainingRate(model)
            summary["tokens_per_second"] = tokensPerSecond
            if let referenceScript {
                progress("PyTorch eager…")
                let reference = ReferenceScript.run(referenceScript, arguments: ["--model", scratch.path, "--threads", String(ThreadPool.threadCount),
                                                                                 "--train", "\(batchSize),\(sequenceLength),\(trainingSteps)"],
                                                    as: [String: Double].self)
                if case .success(let measured) = reference, let torch = measured["train_tokens_per_second"] {
                    (figures["torch_tokens_per_second"], summary["ratio_to_torch"]) = (torch, tokensPerSecond / torch)
                }
            }
            result = BenchmarkResult(name: "train \(batchSize)x\(sequenceLength)", parameters: parameters,
                                     flops: 6 * Double(model.parameterCount * batchSize * sequenceLength),
                                     seconds: Double(batchSize * sequenceLength) / tokensPerSecond, figures: figures)
        case .sample:
            progress("decoding \(newTokens) tokens…")
            let tokensPerSecond = try decodingRate(model)
            summary["tokens_per_second"] = tokensPerSecond
            if let referenceScript {
                progress("transformers generate…")
                let reference = ReferenceScript.run(referenceScript, arguments: ["--model", scratch.path, "--threads", String(ThreadPool.threadCount),
                                                                                 "--sample", "\(promptLength),\(newTokens)"], as: [String: Double].self)
                if case .success(let measured) = reference, let torch = measured["generate_tokens_per_second"] {
                    (figures["transformers_tokens_per_second"], summary["ratio_to_transformers"]) = (torch, tokensPerSecond / torch)
                }
            }
            if let llamaGreedy, let tokenizer, FileManager.default.fileExists(atPath: llamaGreedy.path) {
                progress("llama.cpp…")
                let gguf = scratch.appendingPathComponent("model.gguf")
                try GGUFExport.export(model: scratch, tokenizer: tokenizer, vocabulary: nil, precision: .f32, to: gguf)
                if let rate = llamaCppRate(llamaGreedy, gguf) {
                    (figures["llama_cpp_tokens_per_second"], summary["ratio_to_llama_cpp"]) = (rate, tokensPerSecond / rate)
                }
            }
            result = BenchmarkResult(name: "decode \(newTokens) after \(promptLength)", parameters: parameters,
                                     flops: 2 * Double(model.parameterCount), seconds: 1 / tokensPerSecond, figures: figures)
        }
        return BenchmarkReport(benchmark: "lm-\(kind.rawValue)", cases: [result], summary: summary)
    }

    /// Training ids per second over `trainingSteps` steps after one warm-up step.
    private func trainingRate(_ model: LlamaForCausalLM) -> Double {
        var generator = RandomGenerator(seed: 0)
        let ids = (0..<(batchSize * (sequenceLength + 1) * (trainingSteps + 1))).map { _ in generator.nextInt(below: config.vocabularySize) }
        var options = LMTrainingOptions()
        (options.steps, options.batchSize, options.sequenceLength, options.warmupSteps) = (trainingSteps + 1, batchSize, sequenceLength, 1)
        let trainer = LMTrainer(model: model, data: PackedSequences(documents: [ids], sequenceLength: sequenceLength),
                                classes: .single(vocabularySize: config.vocabularySize), options: options)
        trainer.trainStep()
        let start = Date()
        for _ in 0..<trainingSteps { trainer.trainStep() }
        return Double(trainingSteps * trainer.tokensPerStep) / Date().timeIntervalSince(start)
    }

    /// New ids per second of greedy generation (prompt included in the time, as `generate`'s).
    private func decodingRate(_ model: LlamaForCausalLM) throws -> Double {
        let prompt = (1...promptLength).map { Int32($0) }
        var generator = RandomGenerator(seed: 0)
        let settings = GenerationSettings(maxNewTokens: newTokens, sampling: SamplingSettings(greedy: true))
        _ = try model.generate(prompt: prompt, settings: GenerationSettings(maxNewTokens: 2), generator: &generator)
        let start = Date()
        let generated = try model.generate(prompt: prompt, settings: settings, generator: &generator)
        return Double(generated.count) / Date().timeIntervalSince(start)
    }

    /// llama.cpp's decode rate as tools/llama_greedy reports it, or nil when it fails.
    private func llamaCppRate(_ binary: URL, _ gguf: URL) -> Double? {
        let process = Process()
        process.executableURL = binary
        process.arguments = [gguf.path, String(newTokens), String(ThreadPool.threadCount)] + (1...promptLength).map(String.init)
        let errors = Pipe()
        (process.standardOutput, process.standardError) = (FileHandle.nullDevice, errors)
        guard (try? process.run()) != nil else { return nil }
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text.split(separator: "\n").last { $0.hasPrefix("decode ") }.flatMap { Double($0.split(separator: " ")[1]) }
    }
}
