#!/usr/bin/env python3
"""Checks that safetensors files written by Tessera's SafetensorsWriter load in Hugging Face safetensors.

Usage: python3 tools/check_safetensors_roundtrip.py [DIR]   (needs torch and safetensors)

Without DIR it runs `swift test --filter FormatsTests.SafetensorsExportTests` with
TESSERA_SAFETENSORS_EXPORT_DIR set to a temporary directory, which makes that test write
swift_F32/F16/BF16.safetensors and swift_samples_bits.json there. Each file must load with
safetensors.torch.load_file, carry the metadata {"format": "pt", "writer": "tessera"}, and hold
exactly (bit for bit) what PyTorch gets by converting the float32 samples to that dtype.
"""
import json
import os
import pathlib
import subprocess
import sys
import tempfile

import torch
from safetensors import safe_open
from safetensors.torch import load_file

ROOT = pathlib.Path(__file__).resolve().parent.parent
DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}
BIT_VIEWS = {torch.float32: torch.int32, torch.float16: torch.int16, torch.bfloat16: torch.int16}


def export(directory):
    """Runs the Swift test that writes the files into `directory`."""
    environment = dict(os.environ, TESSERA_SAFETENSORS_EXPORT_DIR=str(directory))
    subprocess.run(["swift", "test", "--filter", "FormatsTests.SafetensorsExportTests"],
                   cwd=ROOT, env=environment, check=True)


def same_bits(actual, expected):
    """Whether two tensors are bit-identical, treating every NaN as equal."""
    both_nan = torch.isnan(actual) & torch.isnan(expected)
    view = BIT_VIEWS[actual.dtype]
    return bool(torch.all(both_nan | (actual.view(view) == expected.view(view))))


def check(directory):
    """Returns a list of problems with the files in `directory` (empty when all is well)."""
    bits = json.loads((directory / "swift_samples_bits.json").read_text())["samples"]
    samples = torch.tensor(bits, dtype=torch.int64).to(torch.int32).view(torch.float32).reshape(4, 50)
    problems = []
    for name, dtype in DTYPES.items():
        path = directory / f"swift_{name}.safetensors"
        tensors = load_file(path)
        with safe_open(path, framework="pt") as file:
            if file.metadata() != {"format": "pt", "writer": "tessera"}:
                problems.append(f"{path.name}: metadata {file.metadata()}")
        expected = {"samples": samples.to(dtype), "scalar": torch.tensor(-1.5, dtype=dtype),
                    "empty": torch.zeros(0, 3, dtype=dtype)}
        if sorted(tensors) != sorted(expected):
            problems.append(f"{path.name}: tensors {sorted(tensors)}")
            continue
        for key, want in expected.items():
            got = tensors[key]
            if got.dtype != want.dtype or got.shape != want.shape:
                problems.append(f"{path.name}: {key} is {got.dtype} {list(got.shape)}, expected {want.dtype} {list(want.shape)}")
            elif not same_bits(got, want):
                problems.append(f"{path.name}: {key} values differ from PyTorch's conversion")
        print(f"{path.name}: loaded {len(tensors)} tensors")
    return problems


def main():
    if len(sys.argv) > 1:
        problems = check(pathlib.Path(sys.argv[1]))
    else:
        with tempfile.TemporaryDirectory() as directory:
            export(directory)
            problems = check(pathlib.Path(directory))
    for problem in problems:
        print(f"FAIL {problem}")
    print("OK: Swift-written files load identically in safetensors" if not problems else f"{len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
