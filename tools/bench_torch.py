#!/usr/bin/env python3
"""Runs `tessera bench KIND --json`, then the same cases in PyTorch with the same thread count,
and prints Tessera/PyTorch speed ratios (above 1 means Tessera is faster).

Usage: python3 tools/bench_torch.py KIND [--tessera PATH] [--seconds S]
Each KIND has a builder below that turns a case's `parameters` into a torch closure doing
the same work as Tessera's case (same shapes, forward and backward where Tessera does both).
"""
import argparse
import json
import pathlib
import subprocess
import time

import torch
import torch.nn.functional as F

ROOT = pathlib.Path(__file__).resolve().parent.parent


def median_seconds(fn, minimum_seconds):
    fn()
    samples, start = [], time.perf_counter()
    while len(samples) < 3 or time.perf_counter() - start < minimum_seconds:
        begin = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - begin)
    return sorted(samples)[len(samples) // 2]


def gemm(p):
    a, b = torch.randn(p["m"], p["k"]), torch.randn(p["k"], p["n"])

    def run():
        with torch.no_grad():
            torch.matmul(a, b)
    return run


def attention(p):
    """F.scaled_dot_product_attention forward (and backward with a fixed output gradient).

    Causal masks align to the bottom right as in Tessera (query t at key_time - query_time + t):
    is_causal for square cases, no mask for a single query (it sees every key), else a mask.
    """
    backward = bool(p["backward"])
    q = torch.randn(p["batch"], p["heads"], p["query_time"], p["head_dim"], requires_grad=backward)
    k = torch.randn(p["batch"], p["kv_heads"], p["key_time"], p["head_dim"], requires_grad=backward)
    v = torch.randn(p["batch"], p["kv_heads"], p["key_time"], p["head_dim"], requires_grad=backward)
    grad = torch.randn_like(q)
    square = p["query_time"] == p["key_time"]
    is_causal = bool(p["causal"]) and square
    mask = None
    if p["causal"] and not square and p["query_time"] > 1:
        mask = torch.ones(p["query_time"], p["key_time"], dtype=torch.bool).tril(p["key_time"] - p["query_time"])
    gqa = p["heads"] != p["kv_heads"]

    def run():
        with torch.set_grad_enabled(backward):
            out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, is_causal=is_causal, enable_gqa=gqa)
            if backward:
                for x in (q, k, v):
                    x.grad = None
                out.backward(grad)
    return run


def conv(p):
    """Convolution forward + backward with input, weight and bias gradients (as ConvolutionBenchmark)."""
    dims, transposed = p["dims"], bool(p["transposed"])
    spatial = (p["height"], p["width"]) if dims == 2 else (p["width"],)
    channels = (p["in_channels"], p["out_channels"]) if transposed else (p["out_channels"], p["in_channels"])
    x = torch.randn(p["batch"], p["in_channels"], *spatial, requires_grad=True)
    w = (torch.randn(*channels, *(p["kernel"],) * dims) * 0.05).requires_grad_()
    b = torch.randn(p["out_channels"], requires_grad=True)
    op = {(1, False): F.conv1d, (2, False): F.conv2d,
          (1, True): F.conv_transpose1d, (2, True): F.conv_transpose2d}[(dims, transposed)]
    with torch.no_grad():
        grad = torch.randn_like(op(x, w, b, stride=p["stride"], padding=p["padding"]))

    def run():
        x.grad = w.grad = b.grad = None
        op(x, w, b, stride=p["stride"], padding=p["padding"]).backward(grad)
    return run


BUILDERS = {"gemm": gemm, "conv": conv, "attention": attention}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=sorted(BUILDERS))
    parser.add_argument("--tessera", default=str(ROOT / ".build" / "release" / "tessera"))
    parser.add_argument("--seconds", type=float, default=0.5)
    args = parser.parse_args()

    report = json.loads(subprocess.run([args.tessera, "bench", args.kind, "--json", "--seconds", str(args.seconds)],
                                       check=True, capture_output=True, text=True).stdout)
    torch.set_num_threads(report["threads"])
    print(f"{args.kind}: Tessera (OpenBLAS {report['kernel']}) vs PyTorch {torch.__version__}, "
          f"{report['threads']} threads")
    print(f"{'case':34}{'tessera ms':>12}{'torch ms':>12}{'ratio':>8}")
    ratios = []
    for case in report["cases"]:
        torch_seconds = median_seconds(BUILDERS[args.kind](case["parameters"]), args.seconds)
        ratio = torch_seconds / case["seconds"]
        ratios.append(ratio)
        print(f"{case['name']:34}{case['seconds'] * 1e3:12.3f}{torch_seconds * 1e3:12.3f}{ratio:8.2f}")
    geometric_mean = torch.tensor(ratios).log().mean().exp().item()
    print(f"geometric mean ratio (torch time / tessera time): {geometric_mean:.2f}")


if __name__ == "__main__":
    main()
