#!/usr/bin/env python3
"""Proves that a tokenizer directory written by `tessera train-tokenizer image` loads in
transformers' JanusVQVAE and tokenizes like Tessera.

Usage: python3 tools/check_trained_image_tokenizer.py TOKENIZER_DIR MANIFEST_OR_PNGS... [--limit N] [--tessera PATH]

Runs `tessera tokenize image` and `tessera detokenize` on the images, then JanusVQVAE.from_pretrained
on the same directory: encode (model.encode → image_tokens) and decode (model.decode). Prints the
share of equal codes and the largest 8-bit pixel difference between the two decodings; exits 1
when fewer than 99% of codes agree or a pixel differs by more than 1 level.
"""
import argparse
import json
import pathlib
import subprocess
import sys
import tempfile

import numpy as np
import torch
from PIL import Image
from transformers import JanusVQVAE

ROOT = pathlib.Path(__file__).resolve().parent.parent


def image_paths(sources, limit):
    paths = []
    for source in map(pathlib.Path, sources):
        if source.suffix == ".jsonl":
            paths += [source.parent / json.loads(line)["image"] for line in source.read_text().splitlines() if line.strip()]
        else:
            paths.append(source)
    return paths[:limit]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tokenizer")
    parser.add_argument("sources", nargs="+")
    parser.add_argument("--limit", type=int, default=64)
    parser.add_argument("--tessera", default=str(ROOT / ".build" / "release" / "tessera"))
    args = parser.parse_args()
    paths = image_paths(args.sources, args.limit)
    with tempfile.TemporaryDirectory() as scratch:
        tokens = pathlib.Path(scratch) / "images.tok"
        subprocess.run([args.tessera, "tokenize", "image", *map(str, paths), "--tokenizer", args.tokenizer, "-o", str(tokens)],
                       check=True)
        shown = json.loads(subprocess.run([args.tessera, "tokens", "show", str(tokens), "--json"], check=True,
                                          capture_output=True, text=True).stdout)
        swift_codes = np.array([segment["codes"] for segment in shown["segments"]])
        subprocess.run([args.tessera, "detokenize", str(tokens), "--tokenizer", args.tokenizer, "-o",
                        str(pathlib.Path(scratch) / "out.png")], check=True)
        swift_pixels = np.stack([np.asarray(Image.open(pathlib.Path(scratch) / f"out-{index}.png").convert("RGB"))
                                 for index in range(len(paths))]).astype(np.int16)

    model = JanusVQVAE.from_pretrained(args.tokenizer, dtype=torch.float32).eval()
    pixels = np.stack([np.asarray(Image.open(path).convert("RGB"), dtype=np.float32) for path in paths]) / 127.5 - 1
    with torch.inference_mode():
        hf_codes = model.encode(torch.from_numpy(pixels).permute(0, 3, 1, 2).contiguous()).image_tokens.view(len(paths), -1)
        decoded = model.decode(torch.from_numpy(swift_codes).long())  # decode Tessera's codes: compares the decoders alone
    hf_pixels = ((decoded.clamp(-1, 1) + 1) * 127.5).round().permute(0, 2, 3, 1).numpy().astype(np.int16)
    agreement = float((hf_codes.numpy() == swift_codes).mean())
    worst = int(np.abs(hf_pixels - swift_pixels).max())
    print(json.dumps({"images": len(paths), "code_agreement": agreement, "max_pixel_difference_8bit": worst,
                      "parameters": sum(p.numel() for p in model.parameters())}))
    sys.exit(0 if agreement >= 0.99 and worst <= 1 else 1)


if __name__ == "__main__":
    main()
