#!/usr/bin/env python3
"""Build the reference fixtures for the image tokenizer (a small random `transformers.JanusVQVAE`).

Usage:
    python3 tools/make_image_tokenizer_fixtures.py [--out Tests/ImageTokenizerTests/Fixtures/janus]

The model is small and random (seed 0), but its codebook is seeded from REAL latents: a few
openclipart drawings (Debian `openclipart-png`) are encoded, the latents (after `quant_conv`)
are l2-normalised and sampled as codebook rows, so nearest-code search is not degenerate and
the codes carry information. Then 4 other drawings at 64x64 (and 2 at 128x128) are tokenized
and decoded. Everything is deterministic (fixed seeds, fixed file list, CPU, float32).

Writes into --out:
    config.json, model.safetensors   save_pretrained (float32), loadable by JanusVQVAE.from_pretrained
    image-64-<i>.png, image-128-<i>.png   the inputs (8-bit RGB)
    expected.safetensors             reference tensors (see expected.json "tensors")
    expected.json                    shapes, codes (row-major), summaries (first values, sum)
"""
import argparse
import os

import numpy as np
import torch
from PIL import Image, ImageChops
from safetensors.torch import save_file
from transformers import JanusVQVAE, JanusVQVAEConfig

from fixture_output import report_files, write_expected

CLIPART = "/usr/share/openclipart/png"
# Drawings used as model inputs (committed as PNGs) and drawings used only to seed the codebook.
INPUT_FILES = [
    "animals/bugs/mostriciattolo2_architet_01.png",
    "computer/pda_toh_yen_cheng_01.png",
    "recreation/games/cards/simple/simple_h_5.png",
    "food/fruit/an_apple_01.png",
]
SEED_COUNT = 24  # drawings (every 97th file of the sorted tree) whose latents seed the codebook


def load_on_white(path, size):
    """Open a PNG, composite it on white, trim to the drawing, pad to a square and resize to size x size (RGB, uint8)."""
    image = Image.open(path).convert("RGBA")
    background = Image.new("RGBA", image.size, (255, 255, 255, 255))
    image = Image.alpha_composite(background, image).convert("RGB")
    content = ImageChops.difference(image, Image.new("RGB", image.size, (255, 255, 255))).getbbox()
    image = image.crop(content) if content else image  # trim the white border around the drawing
    side = max(image.size)
    square = Image.new("RGB", (side, side), (255, 255, 255))
    square.paste(image, ((side - image.width) // 2, (side - image.height) // 2))
    return square.resize((size, size), Image.BOX if side >= size else Image.BICUBIC)


def to_pixels(images):
    """uint8 RGB images -> float tensor [batch, 3, H, W] in [-1, 1]."""
    array = np.stack([np.asarray(image, dtype=np.float32) for image in images])  # [B, H, W, 3]
    return torch.from_numpy(array / 127.5 - 1.0).permute(0, 3, 1, 2).contiguous()


def summary(tensor):
    """Shape, first 8 values (flattened row-major), sum and absolute sum of a tensor."""
    flat = tensor.detach().double().flatten()
    return {"shape": list(tensor.shape), "first": [float(v) for v in flat[:8]],
            "sum": float(flat.sum()), "abs_sum": float(flat.abs().sum())}


def input_paths():
    """The committed inputs; falls back to a fixed pick if a listed drawing is missing."""
    every = sorted(os.path.join(root, name) for root, _, names in os.walk(CLIPART)
                   for name in names if name.endswith(".png"))
    paths = [os.path.join(CLIPART, name) for name in INPUT_FILES if os.path.exists(os.path.join(CLIPART, name))]
    paths += [p for p in every[1234::1500] if p not in paths][: len(INPUT_FILES) - len(paths)]
    seeds = [p for p in every[::97] if p not in paths][:SEED_COUNT]
    return paths, seeds


def build_model():
    """A small random JanusVQVAE: 16x downsampling (64x64 -> 4x4 codes), 256 codes of dim 8.

    32 channels everywhere (the minimum: GroupNorm uses 32 groups) keeps the weights near 1.5 MB.
    """
    config = JanusVQVAEConfig(
        embed_dim=8, num_embeddings=256, latent_channels=32, base_channels=32,
        channel_multiplier=[1, 1, 1, 1, 1], num_res_blocks=1, num_patches=4,
        projection_dim=32, image_token_embed_dim=32)
    torch.manual_seed(0)
    model = JanusVQVAE(config).eval()
    # The default init sets every bias to 0 and every GroupNorm scale to 1, which would hide a
    # loader that drops them; give them seeded random values so the fixture exercises them.
    with torch.no_grad():
        generator = torch.Generator().manual_seed(1)
        for name, parameter in model.named_parameters():
            if name.endswith("bias"):
                parameter.copy_(0.05 * torch.randn(parameter.shape, generator=generator))
            if "norm" in name and name.endswith("weight"):
                parameter.copy_(1.0 + 0.1 * torch.randn(parameter.shape, generator=generator))
    return model


def seed_codebook(model, seed_paths):
    """Codebook rows = l2-normalised real latents (after quant_conv), sampled without replacement."""
    with torch.no_grad():
        pixels = to_pixels([load_on_white(p, 64) for p in seed_paths])
        latents = model.quant_conv(model.encoder(pixels))  # [B, 8, 4, 4]
        rows = latents.permute(0, 2, 3, 1).reshape(-1, latents.shape[1])  # [B*16, 8]
        # Add jittered copies so there are enough distinct rows for 256 codes.
        generator = torch.Generator().manual_seed(2)
        count = model.config.num_embeddings
        picks = torch.randint(0, rows.shape[0], (count,), generator=generator)
        jitter = 0.15 * rows.std() * torch.randn(count, rows.shape[1], generator=generator)
        codebook = torch.nn.functional.normalize(rows[picks] + jitter, dim=-1)
        model.quantize.embedding.weight.copy_(codebook)


def run(model, pixels, grid):
    """Encode + decode; returns the reference tensors for one resolution."""
    with torch.no_grad():
        encoded = model.encode(pixels, return_dict=True)
        codes = encoded.image_tokens.view(pixels.shape[0], grid * grid)
        model.quantize.quant_state_dims = [grid, grid]
        decoded = model.decode(codes)
        model.quantize.quant_state_dims = [model.config.num_patches] * 2
        projected = model.quant_conv(encoded.last_hidden_state)
        rows = projected.permute(0, 2, 3, 1).reshape(-1, projected.shape[1])  # [B*grid*grid, embed]
        distances = torch.cdist(rows.double(), model.quantize.embedding.weight.double()).square()
        best_two = distances.topk(2, dim=1, largest=False).values  # [positions, 2]
        margins = (best_two[:, 1] - best_two[:, 0]).float().view(codes.shape)
    return {"encoder_latents": encoded.last_hidden_state, "quant_conv_latents": projected,
            "quantized_latents": encoded.quantized_last_hidden_state,
            "normalized_codebook_latents": model.quantize.get_codebook_entry(codes) if grid == model.config.num_patches else None,
            "codes": codes, "code_margins": margins, "decoded": decoded}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="Tests/ImageTokenizerTests/Fixtures/janus")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)

    paths, seed_paths = input_paths()
    model = build_model()
    seed_codebook(model, seed_paths)
    model.save_pretrained(args.out, safe_serialization=True)

    expected = {"model": "transformers.JanusVQVAE", "transformers": __import__("transformers").__version__,
                "torch": torch.__version__, "pixel_range": "[-1, 1] = uint8 / 127.5 - 1, NCHW",
                "quantizer": "argmin over squared distance to the RAW codebook rows (forward); decode uses "
                             "l2-normalised rows (get_codebook_entry). Codebook rows are unit norm here, so both agree.",
                "code_margins": "per position: second-smallest minus smallest squared distance (float64) to the codebook; "
                                "positions with a tiny margin may legitimately flip under float32 reordering",
                "sources": [os.path.relpath(p, CLIPART) for p in paths], "resolutions": {}, "tensors": {}}
    tensors = {}
    for size, count in ((64, 4), (128, 2)):
        images = [load_on_white(p, size) for p in paths[:count]]
        names = []
        for index, image in enumerate(images):
            name = f"image-{size}-{index}.png"
            image.save(os.path.join(args.out, name), optimize=True)
            names.append(name)
        # Re-read the saved PNGs so the reference is exactly what a test will decode.
        pixels = to_pixels([Image.open(os.path.join(args.out, n)).convert("RGB") for n in names])
        grid = size // 16
        result = run(model, pixels, grid)
        codes = result["codes"]
        entry = {"images": names, "grid": [grid, grid],
                 "codes": [[int(c) for c in row] for row in codes],
                 "distinct_codes": int(torch.unique(codes).numel()),
                 "pixels": summary(pixels)}
        for key, value in result.items():
            if value is None or key in ("codes", "code_margins"):
                continue
            entry[key] = summary(value)
            tensors[f"{key}_{size}"] = value.contiguous()
            expected["tensors"][f"{key}_{size}"] = list(value.shape)
        tensors[f"codes_{size}"] = codes.to(torch.int64).contiguous()
        expected["tensors"][f"codes_{size}"] = list(codes.shape)
        tensors[f"code_margins_{size}"] = result["code_margins"].contiguous()
        expected["tensors"][f"code_margins_{size}"] = list(codes.shape)
        entry["smallest_code_margin"] = float(result["code_margins"].min())
        if size == 128:  # keep the fixture small: full 128 px reference pixels for the first image only
            tensors["decoded_128"] = tensors["decoded_128"][:1].contiguous()
            expected["tensors"]["decoded_128"] = list(tensors["decoded_128"].shape)
        expected["resolutions"][str(size)] = entry
    save_file(tensors, os.path.join(args.out, "expected.safetensors"))

    # Round trip: reload with transformers and check it reproduces the codes.
    reloaded = JanusVQVAE.from_pretrained(args.out).eval()
    for size in (64, 128):
        grid = size // 16
        names = expected["resolutions"][str(size)]["images"]
        again = run(reloaded, to_pixels([Image.open(os.path.join(args.out, n)).convert("RGB") for n in names]), grid)
        assert torch.equal(again["codes"], tensors[f"codes_{size}"]), "codes differ after reload"
        reference = tensors[f"decoded_{size}"]
        assert torch.allclose(again["decoded"][: reference.shape[0]], reference, atol=1e-6), "pixels differ after reload"
    expected["reload_check"] = "JanusVQVAE.from_pretrained reproduces codes exactly and decoded pixels within 1e-6"
    write_expected(args.out, expected)
    total = report_files(args.out)
    for size in (64, 128):
        entry = expected["resolutions"][str(size)]
        print(f"{size}px: {entry['distinct_codes']} distinct codes, first image codes {entry['codes'][0][:16]}")
    print(f"total {total} bytes")


if __name__ == "__main__":
    main()
