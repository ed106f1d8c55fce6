import ArgumentParser
import Formats
import Foundation
import LM
import Tessera
import Vocab

/// `tessera export`: a Llama checkpoint as a Hugging Face directory or a GGUF file.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a language model: hf (config.json + model.safetensors) or gguf (llama.cpp, llama architecture).",
        discussion: "gguf needs the tokenizer: --tokenizer SPM.model, or --vocab V.json (its text model plus the image/audio "
            + "codes and special tokens as added tokens)."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case hf, gguf }

    @Argument(help: "hf or gguf.") var format: Format
    @Option(help: "The model directory (Hugging Face layout).") var model: String
    @Option(name: [.short, .customLong("output")], help: "The output directory (hf) or file (gguf).") var output: String
    @Option(help: "Storage type: f32 or f16 (gguf; norms stay f32), f32, f16 or bf16 (hf).") var dtype = "f32"
    @Option(help: "gguf: the SentencePiece model of the text ids.") var tokenizer: String?
    @Option(help: "gguf: the vocab spec (text model and added tokens).") var vocab: String?

    var safetensorsType: SafetensorsDType? { WeightStorageOption.storageType(dtype) }

    func validate() throws {
        switch format {
        case .hf: if safetensorsType == nil { throw ValidationError("--dtype must be f32, f16 or bf16") }
        case .gguf:
            if GGUFExport.Precision(rawValue: dtype) == nil { throw ValidationError("--dtype must be f32 or f16 for gguf") }
            if tokenizer == nil && vocab == nil { throw ValidationError("gguf needs --tokenizer or --vocab") }
        }
    }

    func run() throws {
        let (source, destination) = (URL(fileURLWithPath: model), URL(fileURLWithPath: output))
        switch format {
        case .hf: try LlamaForCausalLM.load(from: source).save(to: destination, dtype: safetensorsType ?? .float32)
        case .gguf:
            try GGUFExport.export(model: source, tokenizer: tokenizer.map { URL(fileURLWithPath: $0) },
                                  vocabulary: try vocab.map { try Vocabulary(contentsOf: URL(fileURLWithPath: $0)) },
                                  precision: GGUFExport.Precision(rawValue: dtype) ?? .f32, to: destination)
        }
        StatusLine(quiet: false).result("wrote \(output)")
    }
}
