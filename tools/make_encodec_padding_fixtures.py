#!/usr/bin/env python3
"""Reference cases for EnCodec's self-padding convolutions (HF EncodecConv1d / EncodecConvTranspose1d).

Usage:
    python3 tools/make_encodec_padding_fixtures.py [--out Tests/AudioTokenizerTests/Fixtures/encodec_padding/cases.json]

The full-model fixture (make_audio_tokenizer_fixtures.py) uses causal convolutions with reflect
padding only. These cases cover every padding path on their own: causal and centred, reflect and
constant, odd strides, dilation, inputs shorter than the padding (HF's zero-then-reflect), and the
trimming of transposed outputs (including trim_right_ratio 0.5). Each case stores the
weight-norm parameters, the input and the output, all small. Deterministic (seed 0, CPU, float32).
"""
import argparse
import json

import torch
from transformers import EncodecConfig
from transformers.models.encodec.modeling_encodec import EncodecConv1d, EncodecConvTranspose1d

# (kind, causal, pad_mode, trim_right_ratio, in, out, kernel, stride, dilation, length)
CASES = [
    ("conv", True, "reflect", 1.0, 2, 3, 4, 3, 1, 11),
    ("conv", False, "reflect", 1.0, 2, 3, 4, 3, 1, 11),
    ("conv", True, "constant", 1.0, 2, 3, 4, 3, 1, 11),
    ("conv", False, "constant", 1.0, 2, 3, 5, 2, 1, 10),
    ("conv", False, "reflect", 1.0, 2, 2, 3, 1, 2, 9),
    ("conv", True, "reflect", 1.0, 2, 2, 7, 1, 1, 3),   # shorter than the padding
    ("conv", False, "reflect", 1.0, 1, 2, 8, 4, 1, 2),  # shorter than the padding, strided
    ("transposed", True, "reflect", 1.0, 3, 2, 6, 3, 1, 5),
    ("transposed", True, "reflect", 0.5, 3, 2, 6, 3, 1, 5),
    ("transposed", False, "reflect", 1.0, 3, 2, 7, 3, 1, 5),
]


def rounded(tensor):
    return [float(v) for v in tensor.detach().reshape(-1)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="Tests/AudioTokenizerTests/Fixtures/encodec_padding/cases.json")
    arguments = parser.parse_args()
    torch.manual_seed(0)
    cases = []
    for kind, causal, pad_mode, trim, channels_in, channels_out, kernel, stride, dilation, length in CASES:
        config = EncodecConfig(use_causal_conv=causal, pad_mode=pad_mode, trim_right_ratio=trim)
        if kind == "conv":
            layer = EncodecConv1d(config, channels_in, channels_out, kernel, stride, dilation)
        else:
            layer = EncodecConvTranspose1d(config, channels_in, channels_out, kernel, stride)
        state = {name: torch.randn_like(value) for name, value in layer.state_dict().items()}
        layer.load_state_dict(state)
        audio = torch.randn(1, channels_in, length)
        with torch.no_grad():
            output = layer(audio)
        cases.append({
            "kind": kind, "use_causal_conv": causal, "pad_mode": pad_mode, "trim_right_ratio": trim,
            "in_channels": channels_in, "out_channels": channels_out, "kernel": kernel, "stride": stride,
            "dilation": dilation,
            "parameters": {name: {"shape": list(value.shape), "values": rounded(value)} for name, value in state.items()},
            "input": {"shape": list(audio.shape), "values": rounded(audio)},
            "output": {"shape": list(output.shape), "values": rounded(output)},
        })
    with open(arguments.out, "w") as handle:
        json.dump({"transformers_cases": cases}, handle, indent=1)
        handle.write("\n")


if __name__ == "__main__":
    main()
