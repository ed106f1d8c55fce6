import Foundation

/// `tessera demo --quick` on a tiny dataset written by the test: captions with the Janus fixture
/// images and the EnCodec fixture's speech.
enum QuickDemo {
    /// Writes `documents-64-{train,heldout}.jsonl` under `directory`: each caption with a fixture image
    /// and with the fixture speech, in both orders; the first two captions' documents are held out.
    static func writeDatasets(in directory: URL) throws {
        let captions = ["a red circle on white", "two blue squares", "a green tree beside a house", "the yellow sun over the sea",
                        "a black cat sleeping", "an orange fish swimming", "three purple flowers", "a grey stone bridge"]
        let speech = CLIFixtures.encodec.appendingPathComponent("speech-0.wav").path
        let lines = captions.enumerated().flatMap { index, caption in
            let image = CLIFixtures.janus.appendingPathComponent("image-64-\(index % 3).png").path
            return [#"{"parts":[{"text":"\#(caption)"},{"image":"\#(image)"}]}"#, #"{"parts":[{"image":"\#(image)"},{"text":"\#(caption)"}]}"#,
                    #"{"parts":[{"text":"\#(caption)"},{"audio":"\#(speech)"}]}"#, #"{"parts":[{"audio":"\#(speech)"},{"text":"\#(caption)"}]}"#]
                .map { $0 + "\n" }
        }
        try Data(lines.joined().utf8).write(to: directory.appendingPathComponent("documents-64-train.jsonl"))
        try Data(lines.prefix(8).joined().utf8).write(to: directory.appendingPathComponent("documents-64-heldout.jsonl"))
    }

    /// The arguments of a quick demo run into `output` on the datasets of `writeDatasets(in: datasets)`.
    static func arguments(output: URL, datasets: URL) -> [String] {
        ["demo", "--quick", "--out", output.path, "--datasets", datasets.path, "--image-tokenizer", CLIFixtures.janus.path,
         "--audio-tokenizer", CLIFixtures.encodec.path, "--threads", "1"]
    }
}
