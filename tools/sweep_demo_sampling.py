#!/usr/bin/env python3
"""Text→image retrieval of a finished `tessera demo` run under several sampling settings.

Usage: python3 tools/sweep_demo_sampling.py DEMO_DIR [--datasets DIR] [--first K] [--count N] [--tessera PATH]

For each setting, samples one image for each of N held-out captions from the K-th on (default:
the 48 after the demo's own 96 prompts, so the setting is not chosen on the prompts the report
scores; seed = the prompt's index) with `tessera sample`, then scores them as the demo's evaluation stage does:
the pixel mean squared error to every prompt's reference image; "own nearest" is the share of
samples whose own reference is the strictly nearest (chance 1/N), "win" the mean share of other
references farther than the own one (ties half; chance 50%).
"""
import argparse
import json
import pathlib
import subprocess
import tempfile

import numpy
from PIL import Image

SETTINGS = [
    ["--image-top-k", "64"],
    ["--image-temperature", "0.5", "--image-top-k", "16"],
    ["--image-top-k", "64", "--cfg", "3"],
    ["--image-temperature", "0.5", "--image-top-k", "16", "--cfg", "3"],
    ["--image-temperature", "0.5", "--image-top-k", "16", "--cfg", "5"],
    ["--image-temperature", "0.5", "--image-top-k", "16", "--cfg", "8"],
    ["--image-temperature", "0.3", "--image-top-k", "8", "--cfg", "5"],
    ["--image-temperature", "0.8", "--image-top-k", "32", "--cfg", "5"],
]


def pixels(path):
    return numpy.asarray(Image.open(path).convert("RGB"), dtype=numpy.float64)


def scores(generated, references):
    distances = numpy.array([[((image - reference) ** 2).mean() for reference in references] for image in generated])
    own_nearest, wins = [], []
    for index, row in enumerate(distances):
        others = numpy.delete(row, index)
        own_nearest.append(bool((row[index] < others).all()))
        wins.append(numpy.mean(numpy.where(others > row[index], 1.0, numpy.where(others == row[index], 0.5, 0.0))))
    return numpy.mean(own_nearest), numpy.mean(wins)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("demo", type=pathlib.Path)
    parser.add_argument("--datasets", type=pathlib.Path, default=pathlib.Path(".cache/datasets"))
    parser.add_argument("--first", type=int, default=96)
    parser.add_argument("--count", type=int, default=48)
    parser.add_argument("--tessera", default=".build/release/tessera")
    arguments = parser.parse_args()
    documents = [json.loads(line) for line in (arguments.datasets / "documents-64-heldout.jsonl").open()]
    pairs = [(d["parts"][0]["text"], arguments.datasets / d["parts"][1]["image"]) for d in documents
             if len(d["parts"]) == 2 and "text" in d["parts"][0] and "image" in d["parts"][1]]
    pairs = pairs[arguments.first: arguments.first + arguments.count]
    references = [pixels(image) for _, image in pairs]
    with tempfile.TemporaryDirectory() as scratch:
        for setting in SETTINGS:
            generated = []
            for index, (caption, _) in enumerate(pairs):
                output = pathlib.Path(scratch) / f"{index}"
                subprocess.run([arguments.tessera, "sample", "--model", str(arguments.demo / "models/stage-full"),
                                "--vocab", str(arguments.demo / "vocab/demo.json"), "--prompt", caption, "--generate", "image",
                                "--seed", str(arguments.first + index), "-o", str(output)] + setting, check=True, stdout=subprocess.DEVNULL)
                generated.append(pixels(output / "image-0.png"))
            nearest, win = scores(generated, references)
            print(f"{' '.join(setting):60s} own nearest {100 * nearest:5.1f}% (chance {100 / len(pairs):.1f}%)  win {100 * win:5.1f}%",
                  flush=True)


if __name__ == "__main__":
    main()
