#!/usr/bin/env python3
"""Writes PyTorch parity fixtures for every op group to Tests/TensorTests/Fixtures/ops/<group>.json.

Usage: python3 tools/make_op_fixtures.py [GROUP ...]   (needs torch; see tools/requirements.txt)
Each group is a module tools/op_cases/<group>.py with a function cases() -> list of cases.
"""
import importlib
import json
import pathlib
import sys

import torch

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "TensorTests" / "Fixtures" / "ops"
sys.path.insert(0, str(ROOT / "tools"))


def main():
    torch.set_num_threads(1)
    groups = sys.argv[1:] or sorted(p.stem for p in (ROOT / "tools" / "op_cases").glob("*.py") if p.stem != "common")
    OUT.mkdir(parents=True, exist_ok=True)
    for group in groups:
        cases = importlib.import_module(f"op_cases.{group}").cases()
        path = OUT / f"{group}.json"
        path.write_text(json.dumps({"torch": torch.__version__, "cases": cases}, separators=(",", ":")))
        print(f"{path.relative_to(ROOT)}: {len(cases)} cases")


if __name__ == "__main__":
    main()
