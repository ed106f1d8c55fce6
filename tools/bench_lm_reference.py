#!/usr/bin/env python3
"""PyTorch eager references for `tessera bench train|sample`: the same random Llama geometry and threads.

Usage:
    python3 tools/bench_lm_reference.py --model DIR --threads N (--train BATCH,SEQ,STEPS | --sample PROMPT,NEW)

Loads the model Tessera wrote to DIR (config.json + model.safetensors) in float32 and prints one
JSON object: {"train_tokens_per_second": ...} (AdamW steps on random ids, after one warm-up step)
or {"generate_tokens_per_second": ...} (transformers greedy `generate`, new tokens over wall time).
"""
import argparse
import json
import time

import torch
from transformers import LlamaForCausalLM


def train(model, batch, sequence, steps):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4, foreach=False)
    ids = torch.randint(0, model.config.vocab_size, (batch, sequence + 1), generator=torch.Generator().manual_seed(0))
    def step():
        optimizer.zero_grad()
        loss = model(ids[:, :-1], labels=ids[:, 1:].clone()).loss  # HF shifts labels itself; same work either way
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
    step()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    return {"train_tokens_per_second": batch * sequence * steps / (time.perf_counter() - start)}


def sample(model, prompt, new):
    ids = torch.arange(1, prompt + 1).unsqueeze(0) % model.config.vocab_size
    with torch.no_grad():
        model.generate(ids, do_sample=False, max_new_tokens=2, min_new_tokens=2, pad_token_id=0)
        start = time.perf_counter()
        output = model.generate(ids, do_sample=False, max_new_tokens=new, min_new_tokens=new, pad_token_id=0)
    generated = output.shape[1] - prompt
    return {"generate_tokens_per_second": generated / (time.perf_counter() - start)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--train")
    parser.add_argument("--sample")
    arguments = parser.parse_args()
    torch.set_num_threads(arguments.threads)
    model = LlamaForCausalLM.from_pretrained(arguments.model, dtype=torch.float32)
    if arguments.train:
        model.train()
        print(json.dumps(train(model, *map(int, arguments.train.split(",")))))
    else:
        model.eval()
        print(json.dumps(sample(model, *map(int, arguments.sample.split(",")))))


if __name__ == "__main__":
    main()
