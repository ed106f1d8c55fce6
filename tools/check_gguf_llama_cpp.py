#!/usr/bin/env python3
"""llama.cpp runs Tessera's GGUF exports and generates transformers' greedy ids.

Usage: python3 tools/check_gguf_llama_cpp.py [--tessera .build/release/tessera] [--llama-greedy .build/llama_greedy]

For each LM parity fixture (tied, untied, sharded) and each of F32/F16: `tessera export gguf`, then
tools/llama_greedy.cpp (built against llama.cpp as docs/lm.md shows) continues the fixture's first
prompt greedily; the ids must equal transformers' (expected.json). Exits 1 on any difference.
Kept out of `swift test` because it needs llama.cpp built outside the repository.
"""
import argparse
import json
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tessera", default=str(ROOT / ".build" / "release" / "tessera"))
    parser.add_argument("--llama-greedy", default=str(ROOT / ".build" / "llama_greedy"))
    args = parser.parse_args()
    tokenizer = ROOT / "Tests" / "TextTokenizerTests" / "Fixtures" / "unigram.model"
    failures = 0
    with tempfile.TemporaryDirectory() as scratch:
        for name in ("tied", "untied", "sharded"):
            fixture = ROOT / "Tests" / "LMTests" / "Fixtures" / name
            generation = json.loads((fixture / "expected.json").read_text())["generations"][0]
            for dtype in ("f32", "f16"):
                gguf = pathlib.Path(scratch) / f"{name}-{dtype}.gguf"
                subprocess.run([args.tessera, "export", "gguf", "--model", str(fixture), "--tokenizer", str(tokenizer),
                                "--dtype", dtype, "-o", str(gguf)], check=True)
                output = subprocess.run([args.llama_greedy, str(gguf), str(len(generation["new_ids"])), "1",
                                         *map(str, generation["prompt"])], check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.decode()
                ids = [int(token) for token in output.split()]
                same = ids == generation["new_ids"]
                failures += not same
                expected = generation["new_ids"]
                print(f"{name} {dtype}: " + ("same greedy ids" if same else f"DIFFERENT: {ids} vs {expected}"))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
