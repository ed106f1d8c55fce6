#!/usr/bin/env python3
"""Checks `tessera vocab extend` against Hugging Face transformers.

Usage: python3 tools/check_vocab_extend.py [--tessera .build/debug/tessera] [--write-fixture]

For two small random LlamaForCausalLM checkpoints (untied in one model.safetensors; tied embeddings
sharded with model.safetensors.index.json), built with transformers from a fixed seed with the
vocabulary of the TextTokenizerTests' unigram.model (600 pieces):
1. builds a vocab spec with `tessera vocab build` (that model, plus the image and audio tokenizer
   fixtures: 1373 ids), runs `tessera vocab extend --model BASE --vocab V -o OUT`;
2. loads OUT with transformers (`LlamaForCausalLM.from_pretrained`) and checks: config vocab_size is
   the spec's; the old rows of embed_tokens and lm_head are bit-identical; the logits of the old tokens
   on a batch of old-token inputs equal the base model's (max |difference| printed, must be < 1e-5); the
   new rows' mean equals the old rows' mean (as transformers' mean_resizing draws them from
   N(mean, 1e-9·covariance)) and matches the mean of the rows transformers' own
   `resize_token_embeddings(..., mean_resizing=True)` adds; the new rows differ from each other by
   noise of the expected scale; a tied model has no separate lm_head.
With --write-fixture the untied base model is written to Tests/TesseraCLITests/Fixtures/llama-tiny
for the Swift CLI test.
"""
import argparse
import json
import pathlib
import subprocess
import sys
import tempfile

import torch
from transformers import LlamaConfig, LlamaForCausalLM

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEXT_MODEL = ROOT / "Tests/TextTokenizerTests/Fixtures/unigram.model"
IMAGE = ROOT / "Tests/ImageTokenizerTests/Fixtures/janus"
AUDIO = ROOT / "Tests/AudioTokenizerTests/Fixtures/encodec"
FIXTURE = ROOT / "Tests/TesseraCLITests/Fixtures/llama-tiny"
OLD_VOCAB = 600


def base_model(tied, seed):
    torch.manual_seed(seed)
    config = LlamaConfig(vocab_size=OLD_VOCAB, hidden_size=16, intermediate_size=32, num_hidden_layers=1,
                         num_attention_heads=2, num_key_value_heads=1, max_position_embeddings=64,
                         tie_word_embeddings=tied, bos_token_id=1, eos_token_id=2)
    model = LlamaForCausalLM(config).eval()
    with torch.no_grad():  # random init small enough that rows differ clearly from the mean
        for parameter in model.parameters():
            parameter.normal_(0, 0.5)
    return model


def check(tessera, work, tied):
    name = "tied" if tied else "untied"
    base_dir, out_dir = work / f"base-{name}", work / f"out-{name}"
    model = base_model(tied, seed=1 if tied else 0)
    model.save_pretrained(base_dir, max_shard_size="20KB" if tied else "1GB")
    vocab = work / "vocab.json"
    subprocess.run([tessera, "vocab", "build", "--text", str(TEXT_MODEL), "--image", str(IMAGE), "--audio", str(AUDIO),
                    "-o", str(vocab), "--quiet"], check=True)
    new_vocab = json.loads(vocab.read_text())["vocab_size"]
    subprocess.run([tessera, "vocab", "extend", "--model", str(base_dir), "--vocab", str(vocab), "-o", str(out_dir), "--quiet"],
                   check=True)
    extended = LlamaForCausalLM.from_pretrained(out_dir).eval()
    problems = []
    if extended.config.vocab_size != new_vocab:
        problems.append(f"vocab_size {extended.config.vocab_size}, not {new_vocab}")
    old_embed, new_embed = model.model.embed_tokens.weight.detach(), extended.model.embed_tokens.weight.detach()
    old_head, new_head = model.lm_head.weight.detach(), extended.lm_head.weight.detach()
    if not torch.equal(new_embed[:OLD_VOCAB], old_embed) or not torch.equal(new_head[:OLD_VOCAB], old_head):
        problems.append("old rows changed")
    if tied and new_head.data_ptr() != new_embed.data_ptr():
        problems.append("lm_head is not tied to embed_tokens after loading")
    inputs = torch.randint(0, OLD_VOCAB, (3, 20), generator=torch.Generator().manual_seed(5))
    with torch.no_grad():
        base_logits = model(inputs).logits
        new_logits = extended(inputs).logits
    logit_error = (new_logits[..., :OLD_VOCAB] - base_logits).abs().max().item()
    if new_logits.shape[-1] != new_vocab or logit_error >= 1e-5:
        problems.append(f"old-token logits differ by {logit_error}")
    reference = base_model(tied, seed=1 if tied else 0)
    reference.resize_token_embeddings(new_vocab, mean_resizing=True)
    report = [f"{name}: logits max |diff| {logit_error:.2e}"]
    for label, old, new, hf in [("embed_tokens", old_embed, new_embed, reference.model.embed_tokens.weight.detach()),
                                ("lm_head", old_head, new_head, reference.lm_head.weight.detach())]:
        mean = old.mean(0)
        added = new[OLD_VOCAB:]
        mean_error = (added.mean(0) - mean).abs().max().item()
        hf_error = (added.mean(0) - hf[OLD_VOCAB:].mean(0)).abs().max().item()
        spread = added.std(0).mean().item()
        expected_spread = (1e-9 * torch.cov(old.T.double(), correction=0).diagonal()).sqrt().mean().item()
        report.append(f"{label} new-row mean error {mean_error:.2e} (vs HF mean_resizing {hf_error:.2e}), "
                      f"noise std {spread:.2e} (expected {expected_spread:.2e})")
        if mean_error > 1e-5 or hf_error > 1e-5 or not (0.5 * expected_spread < spread < 2 * expected_spread):
            problems.append(f"{label} new rows are not mean-resized")
    print("; ".join(report))
    return problems, base_dir


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tessera", default=str(ROOT / ".build/debug/tessera"))
    parser.add_argument("--write-fixture", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        work = pathlib.Path(directory)
        problems = []
        for tied in (False, True):
            found, base_dir = check(args.tessera, work, tied)
            problems += found
            if args.write_fixture and not tied:
                FIXTURE.mkdir(parents=True, exist_ok=True)
                for file in ("config.json", "model.safetensors"):
                    (FIXTURE / file).write_bytes((base_dir / file).read_bytes())
    if problems:
        sys.exit("FAILED: " + "; ".join(problems))
    print("ok: transformers loads the extended checkpoints; old-token logits unchanged; new rows mean-resized")


if __name__ == "__main__":
    main()
