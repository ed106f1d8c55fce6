#!/usr/bin/env python3
"""The references `tessera bench image` compares against, on the same images and thread count.

Usage (normally run by `tessera bench image`, which reads the JSON it prints):
    python3 tools/bench_image_reference.py --tokenizer DIR --images LIST --batch B --threads T
        --seconds S --budget-bytes N --out DIR

- PyTorch: transformers' JanusVQVAE loads the same tokenizer directory; encode (pixels -> codes)
  and decode (codes -> pixels) of one batch of the first B images are timed (median of repeats).
- JPEG (Pillow's libjpeg-turbo, baseline, 4:2:0, optimised Huffman tables): for each image the
  highest quality whose ENTROPY-CODED bytes (the scan data between the SOS header and EOI; the
  headers and tables alone are ~600 bytes) fit in --budget-bytes; decoded to out/jpeg-<i>.png.
- Thumbnail: the largest square RGB thumbnail of at most --budget-bytes raw bytes (Lanczos down),
  upsampled bicubic to the image size; written to out/thumbnail-<i>.png.
The images are listed one path per line in LIST (8-bit RGB PNGs, all one size).
"""
import argparse
import io
import json
import math
import pathlib

import numpy as np
import PIL
import torch
from PIL import Image

from bench_torch import median_seconds


def torch_timings(tokenizer, images, batch, seconds):
    from transformers import JanusVQVAE
    model = JanusVQVAE.from_pretrained(tokenizer, dtype=torch.float32).eval()
    pixels = torch.from_numpy(np.stack([np.asarray(image, dtype=np.float32) for image in images[:batch]]) / 127.5 - 1)
    pixels = pixels.permute(0, 3, 1, 2).contiguous()
    with torch.inference_mode():
        codes = model.encode(pixels).image_tokens.view(batch, -1)
        encode = median_seconds(lambda: model.encode(pixels), seconds)
        decode = median_seconds(lambda: model.decode(codes), seconds)
    return {"encode_seconds": encode, "decode_seconds": decode, "batch": batch, "version": torch.__version__}


def entropy_coded_bytes(jpeg):
    """Bytes of scan data: from the end of the (single, baseline) SOS segment to the EOI marker."""
    start = jpeg.index(b"\xff\xda")
    header_length = int.from_bytes(jpeg[start + 2:start + 4], "big")
    end = jpeg.rindex(b"\xff\xd9")
    return end - (start + 2 + header_length)


def jpeg_at_budget(image, budget):
    """(decoded image, entropy bytes, quality) at the highest quality within the budget (quality 1 if none fits)."""
    best = None
    for quality in range(1, 96):
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=quality, subsampling=2, optimize=True)
        data = buffer.getvalue()
        size = entropy_coded_bytes(data)
        if size > budget and best is not None:
            break
        best = (data, size, quality)
        if size > budget:
            break
    data, size, quality = best
    return Image.open(io.BytesIO(data)).convert("RGB"), size, quality


def thumbnail_at_budget(image, budget):
    side = max(1, math.isqrt(budget // 3))
    small = image.resize((side, side), Image.LANCZOS)
    return small.resize(image.size, Image.BICUBIC), side


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tokenizer", required=True)
    parser.add_argument("--images", required=True)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--budget-bytes", type=int, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    paths = [line for line in pathlib.Path(args.images).read_text().splitlines() if line]
    images = [Image.open(path).convert("RGB") for path in paths]
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    jpeg_bytes, jpeg_qualities, over_budget = [], [], 0
    for index, image in enumerate(images):
        decoded, size, quality = jpeg_at_budget(image, args.budget_bytes)
        decoded.save(out / f"jpeg-{index}.png")
        jpeg_bytes.append(size)
        jpeg_qualities.append(quality)
        over_budget += size > args.budget_bytes
        thumbnail, side = thumbnail_at_budget(image, args.budget_bytes)
        thumbnail.save(out / f"thumbnail-{index}.png")
    report = {
        "torch": torch_timings(args.tokenizer, images, min(args.batch, len(images)), args.seconds),
        "jpeg": {"mean_entropy_bytes": float(np.mean(jpeg_bytes)), "mean_quality": float(np.mean(jpeg_qualities)),
                 "over_budget": over_budget, "library": f"Pillow {PIL.__version__} (libjpeg-turbo)"},
        "thumbnail": {"side": side, "bytes": side * side * 3},
        "threads": torch.get_num_threads(),
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
