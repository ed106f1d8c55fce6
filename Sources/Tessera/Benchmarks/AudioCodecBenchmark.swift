import AudioTokenizer
import Foundation
import Media
import Tensor

/// `tessera bench audio`: the codec's speed as a real-time factor beside PyTorch's on the same
/// weights and threads, and its held-out quality (SI-SDR, multi-scale mel distance) at every
/// bandwidth beside codec2's at its bitrates, all on the same clips.
public struct AudioCodecBenchmark {
    /// The tokenizer directory, the held-out data (manifest or directory) and how many of its clips to use.
    public var tokenizer: URL, data: URL, clipCount: Int
    /// tools/bench_audio_torch.py (nil: skip PyTorch); whether to run codec2.
    public var torchScript: URL?, runCodec2: Bool

    /// A benchmark of `tokenizer` on the first `clipCount` clips of `data`.
    public init(tokenizer: URL, data: URL, clipCount: Int, torchScript: URL?, runCodec2: Bool) {
        (self.tokenizer, self.data, self.clipCount, self.torchScript, self.runCodec2) = (tokenizer, data, clipCount, torchScript, runCodec2)
    }

    /// One codec at one bitrate, averaged over the clips.
    public struct Quality: Codable {
        public var codec: String, kbps: Double, siSDR: Double, melDistance: Double
    }

    /// What the benchmark measured.
    public struct Report: Codable {
        public var tokenizer: String, clips: Int, audioSeconds: Double, threads: Int, loadAverage: Double
        /// Audio seconds per wall-clock second, and per CPU second of the process (less sensitive to a busy machine).
        public var encodeRealTime: Double, decodeRealTime: Double, encodeRealTimePerCPU: Double, decodeRealTimePerCPU: Double
        public var torchEncodeRealTime: Double?, torchDecodeRealTime: Double?
        public var torchEncodeRealTimePerCPU: Double?, torchDecodeRealTimePerCPU: Double?
        /// PyTorch's time over ours (above 1: Tessera is faster), by wall clock and by CPU time.
        public var encodeRatioToTorch: Double?, decodeRatioToTorch: Double?
        public var encodeCPURatioToTorch: Double?, decodeCPURatioToTorch: Double?, codeAgreementWithTorch: Double?
        public var torchNote: String?, codec2Note: String?
        public var quality: [Quality]
    }

    /// Runs everything; a missing PyTorch or codec2 is noted in the report rather than fatal.
    public func run() throws -> Report {
        let model = try EncodecModel(contentsOf: tokenizer)
        let rate = model.config.samplingRate
        let files = Array(try AudioSegmentSource(data: data, sampleRate: rate).files.prefix(clipCount))
        let clips = try files.map { try AudioDecoder().decode($0, sampleRate: rate).samples }.filter { $0.count >= rate / 10 }
        guard !clips.isEmpty else { throw BenchmarkError("\(data.path): no clips of at least 0.1 s") }
        let audioSeconds = Double(clips.map(\.count).reduce(0, +)) / Double(rate)
        let load = ProcessUsage.loadAverage
        let (encodeTime, codes) = try bestOfTwo { try clips.map { try encode(model, $0, bandwidth: 0) } }
        let (decodeTime, _) = try bestOfTwo { try codes.map { try decode(model, $0) } }
        var report = Report(tokenizer: tokenizer.path, clips: clips.count, audioSeconds: audioSeconds, threads: ThreadPool.threadCount,
                            loadAverage: load, encodeRealTime: audioSeconds / encodeTime.wall, decodeRealTime: audioSeconds / decodeTime.wall,
                            encodeRealTimePerCPU: audioSeconds / encodeTime.cpu, decodeRealTimePerCPU: audioSeconds / decodeTime.cpu,
                            quality: [])
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-bench-audio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        if let torchScript {
            do {
                let torch = try TorchAudioReference(script: torchScript, directory: tokenizer, clips: clips, threads: ThreadPool.threadCount, scratch: scratch)
                report.torchEncodeRealTime = audioSeconds / torch.encodeSeconds
                report.torchDecodeRealTime = audioSeconds / torch.decodeSeconds
                report.torchEncodeRealTimePerCPU = audioSeconds / torch.encodeCPUSeconds
                report.torchDecodeRealTimePerCPU = audioSeconds / torch.decodeCPUSeconds
                report.encodeRatioToTorch = torch.encodeSeconds / encodeTime.wall
                report.decodeRatioToTorch = torch.decodeSeconds / decodeTime.wall
                report.encodeCPURatioToTorch = torch.encodeCPUSeconds / encodeTime.cpu
                report.decodeCPURatioToTorch = torch.decodeCPUSeconds / decodeTime.cpu
                report.codeAgreementWithTorch = agreement(codes, torch.codes)
                report.torchNote = "PyTorch \(torch.torchVersion), \(torch.threads) threads"
            } catch {
                report.torchNote = "PyTorch reference not run: \(error)"
            }
        }
        for bandwidth in model.config.targetBandwidths {
            let decoded = try clips.map { try decode(model, try encode(model, $0, bandwidth: bandwidth)) }
            report.quality.append(Self.quality(codec: "tessera", kbps: Double(bandwidth), decoded: decoded, clips: clips, rate: rate))
        }
        if runCodec2 {
            do {
                for mode in Codec2Reference.modes {
                    let decoded = try clips.map { try Codec2Reference.roundTrip($0, sampleRate: rate, mode: mode.name, scratch: scratch) }
                    report.quality.append(Self.quality(codec: "codec2 \(mode.name)", kbps: mode.kbps, decoded: decoded, clips: clips, rate: rate))
                }
            } catch {
                report.codec2Note = "codec2 not run (bash tools/install-bench-deps.sh): \(error)"
            }
        }
        return report
    }

    /// Codes [levels][frames] of one clip, as `tessera tokenize audio` computes them.
    private func encode(_ model: EncodecModel, _ samples: [Float], bandwidth: Float) throws -> [[Int32]] {
        try model.encode(samples: samples, bandwidth: bandwidth)
    }

    /// The samples decoded from one clip's codes, as `tessera detokenize` computes them.
    private func decode(_ model: EncodecModel, _ codes: [[Int32]]) throws -> [Float] {
        try model.decode(levels: codes)
    }

    /// The faster of two timed runs of `body` (wall clock and process CPU time, each the lower), with
    /// the second run's result.
    private func bestOfTwo<Result>(_ body: () throws -> Result) rethrows -> (time: (wall: Double, cpu: Double), result: Result) {
        var (wall, cpu) = (Double.infinity, Double.infinity)
        var result: Result?
        for _ in 0..<2 {
            let (start, startCPU) = (Date(), ProcessUsage.current().cpuSeconds)
            result = try body()
            (wall, cpu) = (Swift.min(wall, Date().timeIntervalSince(start)), Swift.min(cpu, ProcessUsage.current().cpuSeconds - startCPU))
        }
        return ((wall, cpu), result!)
    }


    /// The share of positions where two clips' code lists agree (nil when their shapes differ).
    private func agreement(_ ours: [[[Int32]]], _ theirs: [[[Int]]]) -> Double? {
        let pairs = zip(ours.map { Array($0.joined()) }, theirs.map { Array($0.joined()) })
        guard ours.count == theirs.count, pairs.allSatisfy({ $0.count == $1.count }) else { return nil }
        let total = pairs.map(\.0.count).reduce(0, +)
        let equal = pairs.map { zip($0, $1).filter { Int($0) == $1 }.count }.reduce(0, +)
        return Double(equal) / Double(Swift.max(total, 1))
    }

    /// Mean SI-SDR and mel distance of decoded clips against the originals, each decoded clip first
    /// aligned to its original (lags up to 20 ms).
    static func quality(codec: String, kbps: Double, decoded: [[Float]], clips: [[Float]], rate: Int) -> Quality {
        var (sdr, mel, count) = (0.0, 0.0, 0)
        let melDistance = MultiScaleMelDistance(sampleRate: rate)
        for (estimate, reference) in zip(decoded, clips) {
            let aligned = AudioQualityMetrics.aligned(estimate: estimate, reference: reference, maximumLag: rate / 50).samples
            guard let clipSDR = AudioQualityMetrics.scaleInvariantSDR(estimate: aligned, reference: reference),
                  let clipMel = AudioQualityMetrics.melDistance(estimate: aligned, reference: reference, using: melDistance) else { continue }
            (sdr, mel, count) = (sdr + clipSDR, mel + clipMel, count + 1)
        }
        return Quality(codec: codec, kbps: kbps, siSDR: sdr / Double(Swift.max(count, 1)), melDistance: mel / Double(Swift.max(count, 1)))
    }
}
