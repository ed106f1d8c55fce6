import Formats
import Foundation

extension CodecTrainer {
    /// Writes a Hugging Face `EncodecModel` directory: `config.json` and `model.safetensors` with
    /// every parameter under transformers' names, plus the codebooks' averages as HF's buffers
    /// (`quantizer.layers.<l>.codebook.{inited,cluster_size,embed_avg}`). Each file appears atomically.
    public func export(to directory: URL, dtype: SafetensorsDType = .float16) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let buffers = averages.enumerated().flatMap { level, average in
            average.namedParameters().map { (name: "quantizer.layers.\(level).codebook.\($0.key)", tensor: $0.tensor) }
        }
        let tensors = model.namedParameters().map { (name: $0.key, tensor: $0.tensor) } + buffers
        try SafetensorsWriter.write(tensors, dtype: dtype, to: directory.appendingPathComponent("model.safetensors"))
        try AtomicFileOutput.save(model.config.jsonData(), to: directory.appendingPathComponent("config.json"))
    }
}

extension EncodecConfiguration {
    /// A small codec for training here: mono at `sampleRate`, SEANet with `filters` base channels
    /// doubling at each of `ratios` (hop = their product), `lstmLayers` LSTM layers, codes of
    /// `hiddenSize` dimensions in codebooks of `codebookSize`, as many levels as the largest of
    /// `bandwidths` (kbps) needs; causal, constant padding. Throws when the values are inconsistent.
    public static func small(sampleRate: Int, ratios: [Int], filters: Int, hiddenSize: Int, lstmLayers: Int,
                             codebookSize: Int = 1024, bandwidths: [Float]) throws -> EncodecConfiguration {
        func integer(_ value: Int) -> JSONValue { .integer(Int64(value)) }
        let values: [String: JSONValue] = [
            "sampling_rate": integer(sampleRate), "upsampling_ratios": .array(ratios.map(integer)),
            "num_filters": integer(filters), "hidden_size": integer(hiddenSize), "codebook_dim": integer(hiddenSize),
            "num_lstm_layers": integer(lstmLayers), "codebook_size": integer(codebookSize),
            "target_bandwidths": .array(bandwidths.map { .number(Double($0.description) ?? Double($0)) }),
            "use_causal_conv": .bool(true), "pad_mode": .string("constant"),
        ]
        let config = try EncodecConfiguration(HFConfig(values: values))
        guard config.quantizerCount > 0, codebookSize > 1, codebookSize.nonzeroBitCount == 1 else {
            throw AudioTokenizerError("bandwidths \(bandwidths) give no RVQ level at \(config.frameRate) frames/s "
                + "with \(codebookSize) codes (the codebook size must be a power of two)")
        }
        return config
    }
}
