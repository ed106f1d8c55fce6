#!/usr/bin/env python3
"""Build the reference fixtures for the language model (small random `transformers.LlamaForCausalLM`s).

Usage:
    python3 tools/make_lm_fixtures.py [--out Tests/LMTests/Fixtures]

Three small models (vocabulary 600 = the SentencePiece unigram fixture's), each in its own directory:
    tied       tied embeddings, grouped-query attention (4 query heads, 2 kv heads), rope_theta 10000
    untied     separate lm_head, multi-head attention, rope_theta 500000, stored as F16
    sharded    separate lm_head, one kv head, rope_theta 1e6, head_dim 16 != hidden/heads,
               stored as BF16 in two shards (model.safetensors.index.json)
Weights are drawn larger than transformers' 0.02 init (and norm scales randomised) so that
logits are peaked and greedy choices have clear margins; the script checks every margin.
Inputs are REAL token ids: the unigram SentencePiece encoding of the GPL text in
Tests/TextTokenizerTests/Fixtures/corpus.txt. The reference runs on the weights as stored
(F16/BF16 rounded), in float32 on the CPU.

Writes into --out/<name>:
    config.json, model.safetensors (or shards + index)   save_pretrained output
    expected.safetensors   input_ids [2, 16] (int64), logits [2, 16, 600] (float32)
    expected.json          generations: prompt, settings, greedy new ids (transformers generate)
"""
import argparse
import os
import shutil

import sentencepiece
import torch
from safetensors.torch import save_file
from transformers import LlamaConfig, LlamaForCausalLM

from fixture_output import report_files, write_expected

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
TEXT_FIXTURES = os.path.join(ROOT, "Tests/TextTokenizerTests/Fixtures")
MIN_MARGIN = 1e-3  # smallest allowed gap between the best and second-best logit of a greedy step

MODELS = {
    "tied": dict(config=dict(num_key_value_heads=2, tie_word_embeddings=True, rope_theta=10000.0), dtype=torch.float32, shard=None),
    "untied": dict(config=dict(num_key_value_heads=4, tie_word_embeddings=False, rope_theta=500000.0), dtype=torch.float16, shard=None),
    "sharded": dict(config=dict(num_key_value_heads=1, tie_word_embeddings=False, rope_theta=1e6, head_dim=16),
                    dtype=torch.bfloat16, shard="60KB"),
}


def real_token_ids():
    """Unigram SentencePiece ids of the corpus text, a few hundred of them."""
    processor = sentencepiece.SentencePieceProcessor(model_file=os.path.join(TEXT_FIXTURES, "unigram.model"))
    with open(os.path.join(TEXT_FIXTURES, "corpus.txt")) as handle:
        return processor.encode(handle.read()[:4000])


def build_model(name, settings, seed):
    """A random LlamaForCausalLM whose weights are rounded to the storage dtype."""
    config = LlamaConfig(vocab_size=600, hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
                         max_position_embeddings=64, rms_norm_eps=1e-5, bos_token_id=1, eos_token_id=2, pad_token_id=0,
                         **settings["config"])
    torch.manual_seed(seed)
    model = LlamaForCausalLM(config).eval()
    with torch.no_grad():
        for key, parameter in model.named_parameters():
            if key.endswith("norm.weight"):
                parameter.copy_(1 + 0.3 * torch.randn_like(parameter))
            else:
                fan_in = parameter.shape[1]
                scale = 1.0 if "embed_tokens" in key else 2.0 / fan_in ** 0.5
                parameter.copy_(scale * torch.randn_like(parameter))
            parameter.copy_(parameter.to(settings["dtype"]).float())  # the reference uses the stored values
    return model


def greedy_margins(scores):
    """Best minus second-best logit of every generated step."""
    return [float(step[0, :].topk(2).values[0] - step[0, :].topk(2).values[1]) for step in scores]


def generation_cases(model, ids):
    """Greedy continuations (plain and with a repetition penalty) of two real prompts."""
    cases = []
    for prompt, penalty in [(ids[:8], 1.0), (ids[40:52], 1.0), (ids[40:52], 1.3)]:
        output = model.generate(torch.tensor([prompt]), do_sample=False, max_new_tokens=24, repetition_penalty=penalty,
                                output_scores=True, return_dict_in_generate=True, pad_token_id=0)
        margins = greedy_margins(output.scores)
        assert min(margins) > MIN_MARGIN, f"a greedy step has margin {min(margins)}"
        cases.append(dict(prompt=prompt, repetition_penalty=penalty, max_new_tokens=24,
                          new_ids=output.sequences[0, len(prompt):].tolist(), min_margin=min(margins)))
    return cases


def write_model(name, settings, directory, seed):
    ids = real_token_ids()
    model = build_model(name, settings, seed)
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    model.to(settings["dtype"]).save_pretrained(directory, **({"max_shard_size": settings["shard"]} if settings["shard"] else {}))
    # Reload in float32: casting the model back would keep RoPE's inv_freq buffer rounded to the storage dtype.
    model = LlamaForCausalLM.from_pretrained(directory, dtype=torch.float32).eval()
    input_ids = torch.tensor([ids[100:116], ids[200:216]])
    with torch.no_grad():
        logits = model(input_ids).logits
    save_file({"input_ids": input_ids, "logits": logits.contiguous()}, os.path.join(directory, "expected.safetensors"))
    write_expected(directory, dict(model=name, seed=seed, dtype=str(settings["dtype"]), generations=generation_cases(model, ids)))
    return report_files(directory)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join(ROOT, "Tests/LMTests/Fixtures"))
    arguments = parser.parse_args()
    total = sum(write_model(name, settings, os.path.join(arguments.out, name), seed)
                for seed, (name, settings) in enumerate(MODELS.items()))
    print(f"total {total} bytes")


if __name__ == "__main__":
    main()
