#!/usr/bin/env python3
"""Writes the safetensors and config.json fixtures of the FormatsTests to Tests/FormatsTests/Fixtures/.

Usage: python3 tools/make_format_fixtures.py   (needs torch, safetensors, transformers; see tools/requirements.txt)

- torch_mixed.safetensors + torch_mixed.json: F32, F16, BF16, I64 and scalar tensors saved by
  safetensors.torch, and the values PyTorch reads back from them (floats as exact float32 values).
- tiny_llama/: a sharded Llama checkpoint and config.json saved by transformers' save_pretrained,
  and tiny_llama.json listing each tensor's shape, first values and sum.
"""
import json
import math
import pathlib
import shutil

import torch
from safetensors.torch import load_file, save_file

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "FormatsTests" / "Fixtures"


def expected(tensor):
    """A tensor's dtype, shape and values as PyTorch reads them."""
    values = tensor.flatten().tolist() if tensor.dtype == torch.int64 else tensor.float().flatten().tolist()
    return {"dtype": str(tensor.dtype).removeprefix("torch."), "shape": list(tensor.shape), "values": values}


def make_mixed():
    generator = torch.Generator().manual_seed(0)
    tricky = [1.0 / 3.0, 1.0 + 2.0**-8, 1.0 + 3 * 2.0**-8, 65504.0, 1e-5, -0.0, -2.5, 3.14159265]
    tensors = {
        "weight_f32": torch.randn(2, 3, generator=generator),
        "weight_f16": torch.tensor(tricky).reshape(2, 4).to(torch.float16),
        "weight_bf16": torch.tensor(tricky).to(torch.bfloat16),
        "token_ids": torch.tensor([0, 1, -7, 2**40 + 3, 16383], dtype=torch.int64),
        "scalar": torch.tensor(0.125),
    }
    path = OUT / "torch_mixed.safetensors"
    save_file(tensors, path, metadata={"format": "pt", "made_by": "make_format_fixtures.py"})
    reloaded = load_file(path)
    (OUT / "torch_mixed.json").write_text(json.dumps({name: expected(t) for name, t in sorted(reloaded.items())}, indent=1))
    print(f"{path.relative_to(ROOT)}: {len(tensors)} tensors")


def make_tiny_llama():
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=32, hidden_size=16, intermediate_size=32, num_hidden_layers=1,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=64,
                         rms_norm_eps=1e-6, tie_word_embeddings=True)
    directory = OUT / "tiny_llama"
    shutil.rmtree(directory, ignore_errors=True)
    LlamaForCausalLM(config).save_pretrained(directory, max_shard_size="4KB")
    state = {}
    for shard in sorted(directory.glob("*.safetensors")):
        state.update(load_file(shard))
    summary = {name: {"shape": list(t.shape), "first": t.flatten()[:4].tolist(), "sum": math.fsum(t.flatten().tolist())}
               for name, t in sorted(state.items())}
    (OUT / "tiny_llama.json").write_text(json.dumps(summary, indent=1))
    print(f"{directory.relative_to(ROOT)}: {len(state)} tensors in {len(list(directory.glob('*.safetensors')))} shards")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    make_mixed()
    make_tiny_llama()


if __name__ == "__main__":
    main()
