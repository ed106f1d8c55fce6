#!/usr/bin/env python3
"""Checks that a codec trained by `tessera train-tokenizer audio` is a working transformers
EncodecModel: loads the directory with `EncodecModel.from_pretrained`, codes a real clip at every
bandwidth with transformers and with `tessera tokenize audio`, and compares the codes; then decodes
Tessera's codes with transformers and compares the audio with `tessera detokenize`'s WAV.

Usage: python3 tools/check_trained_codec.py --tokenizer DIR [--clip WAV] [--tessera PATH]
Prints one JSON report and exits 1 when codes agree at fewer than 99% of positions or the audio
differs by more than 1e-3 (the WAV is 16-bit, so rounding alone is up to 1.5e-5).
"""
import argparse
import json
import pathlib
import subprocess
import sys
import tempfile

import numpy as np
import scipy.signal
import soundfile
import torch
from transformers import EncodecModel

ROOT = pathlib.Path(__file__).resolve().parent.parent


def first_heldout_clip():
    """The first held-out clip of at least 3 s (so Tessera codes it in several 1 s chunks)."""
    manifest = ROOT / ".cache/datasets/speech-heldout.jsonl"
    entries = [json.loads(line) for line in manifest.read_text().splitlines()]
    return manifest.parent / next(entry for entry in entries if entry["duration"] >= 3)["audio"]


def tessera(binary, *arguments):
    result = subprocess.run([str(binary), *map(str, arguments)], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"tessera {' '.join(map(str, arguments))} failed: {result.stderr.strip()}")
    return result.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokenizer", required=True)
    parser.add_argument("--clip", default=None)
    parser.add_argument("--tessera", default=str(ROOT / ".build/release/tessera"))
    args = parser.parse_args()
    clip = pathlib.Path(args.clip) if args.clip else first_heldout_clip()
    model = EncodecModel.from_pretrained(args.tokenizer, dtype=torch.float32).eval()
    rate = model.config.sampling_rate
    samples, clip_rate = soundfile.read(clip, dtype="float32", always_2d=True)
    samples = samples.mean(axis=1)
    if clip_rate != rate:  # Tessera's PolyphaseResampler reproduces resample_poly
        divisor = np.gcd(clip_rate, rate)
        samples = scipy.signal.resample_poly(samples, rate // divisor, clip_rate // divisor).astype(np.float32)
    waveform = torch.from_numpy(samples)[None, None]
    report = {"tokenizer": args.tokenizer, "clip": str(clip), "seconds": len(samples) / rate, "bandwidths": {}}
    failed = False
    with tempfile.TemporaryDirectory() as scratch, torch.inference_mode():
        scratch = pathlib.Path(scratch)
        for bandwidth in model.config.target_bandwidths:
            tokens = scratch / f"{bandwidth}.tok"
            tessera(args.tessera, "tokenize", "audio", clip, "--tokenizer", args.tokenizer, "--bandwidth", bandwidth, "-o", tokens)
            segment = json.loads(tessera(args.tessera, "tokens", "show", tokens, "--json"))["segments"][0]
            ours = np.array(segment["codes"]).reshape(segment["shape"])
            theirs = model.encode(waveform, bandwidth=bandwidth).audio_codes[0, 0].numpy()
            agreement = float((ours == theirs).mean()) if ours.shape == theirs.shape else 0.0
            output = scratch / f"{bandwidth}.wav"
            tessera(args.tessera, "detokenize", tokens, "--tokenizer", args.tokenizer, "-o", output)
            decoded_ours, _ = soundfile.read(output, dtype="float32")
            decoded_theirs = model.decode(torch.from_numpy(ours)[None, None], [None])[0][0, 0].numpy()
            difference = float(np.abs(decoded_ours - np.clip(decoded_theirs, -1, 1)).max())
            report["bandwidths"][str(bandwidth)] = {"levels": int(ours.shape[0]), "frames": int(ours.shape[1]),
                                                    "code_agreement": agreement, "max_audio_difference": difference}
            failed |= agreement < 0.99 or difference > 1e-3
    report["passed"] = not failed
    print(json.dumps(report, indent=2))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
