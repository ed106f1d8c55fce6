#!/usr/bin/env python3
"""PyTorch side of `tessera bench audio`: times transformers' EncodecModel on the same clips and
weights as Tessera, with the same thread count, and returns its codes so the two can be compared.

Usage: python3 tools/bench_audio_torch.py --tokenizer DIR --audio CLIPS.f32 --lengths N1,N2,...
                                          [--threads T] [--repeats R]
CLIPS.f32 holds the clips back to back as little-endian float32 at the model's rate (Tessera
writes it). Prints one JSON object: best-of-R encode and decode seconds over all clips (all
levels) in wall-clock and process CPU time, and each clip's codes [levels][frames].
"""
import argparse
import json
import time

import numpy as np
import torch
from transformers import EncodecModel


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokenizer", required=True)
    parser.add_argument("--audio", required=True)
    parser.add_argument("--lengths", required=True)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    model = EncodecModel.from_pretrained(args.tokenizer, dtype=torch.float32).eval()
    samples = np.fromfile(args.audio, dtype="<f4")
    lengths = [int(n) for n in args.lengths.split(",")]
    starts = np.cumsum([0] + lengths[:-1])
    clips = [torch.from_numpy(samples[s:s + n].copy())[None, None] for s, n in zip(starts, lengths)]
    bandwidth = max(model.config.target_bandwidths)

    def encode_all():
        return [model.encode(clip, bandwidth=bandwidth).audio_codes for clip in clips]

    def decode_all(codes):
        return [model.decode(c, [None])[0] for c in codes]

    with torch.inference_mode():
        encode_all()  # warm-up
        encode_seconds = decode_seconds = encode_cpu = decode_cpu = float("inf")
        for _ in range(args.repeats):
            begin, begin_cpu = time.perf_counter(), time.process_time()
            codes = encode_all()
            encode_seconds = min(encode_seconds, time.perf_counter() - begin)
            encode_cpu = min(encode_cpu, time.process_time() - begin_cpu)
            begin, begin_cpu = time.perf_counter(), time.process_time()
            decode_all(codes)
            decode_seconds = min(decode_seconds, time.perf_counter() - begin)
            decode_cpu = min(decode_cpu, time.process_time() - begin_cpu)
    print(json.dumps({
        "threads": torch.get_num_threads(), "torch": torch.__version__,
        "encode_seconds": encode_seconds, "decode_seconds": decode_seconds,
        "encode_cpu_seconds": encode_cpu, "decode_cpu_seconds": decode_cpu,
        "codes": [c[0, 0].tolist() for c in codes],
    }))


if __name__ == "__main__":
    main()
