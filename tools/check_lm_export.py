#!/usr/bin/env python3
"""Check that a Tessera-written Llama directory loads in transformers and decodes as Tessera does.

Usage:
    python3 tools/check_lm_export.py MODEL_DIR MAX_NEW ID...

Loads MODEL_DIR with LlamaForCausalLM.from_pretrained (float32, CPU), runs greedy `generate`
(eos from the config, as `tessera sample --greedy` stops) and prints {"ids": [...new ids...]},
the same JSON as `tessera sample --ids "ID..." --greedy --max-new MAX_NEW --json`.
"""
import json
import sys

import torch
from transformers import LlamaForCausalLM


def main():
    directory, max_new, ids = sys.argv[1], int(sys.argv[2]), [int(word) for word in sys.argv[3:]]
    model = LlamaForCausalLM.from_pretrained(directory, dtype=torch.float32).eval()
    output = model.generate(torch.tensor([ids]), do_sample=False, max_new_tokens=max_new, pad_token_id=0)
    print(json.dumps({"ids": output[0, len(ids):].tolist()}, separators=(",", ":")))


if __name__ == "__main__":
    main()
