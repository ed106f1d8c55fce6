#!/usr/bin/env python3
"""Build the reference fixtures for the audio tokenizer (a small random `transformers.EncodecModel`).

Usage:
    python3 tools/make_audio_tokenizer_fixtures.py [--out Tests/AudioTokenizerTests/Fixtures/encodec]

Needs espeak-ng and sox (Debian packages). The model is small and random (seed 0): 24 kHz,
hop 480 (50 frames/s), causal convolutions, weight norm, a 2-layer LSTM, codebooks of 64
entries of dimension 32 and bandwidths 0.3/0.6/1.2/2.4 kbps = 1/2/4/8 RVQ levels. Each
codebook is seeded from REAL residuals: a separate espeak-ng sentence is encoded, level 0's
rows are picked (farthest-point) from its embeddings, level 1's from the residuals left after level 0, and so
on, so the codes carry information. Two other 1 s espeak-ng clips are then encoded at every
bandwidth and decoded. Everything is deterministic (fixed seeds, CPU, float32, sox -D).

Writes into --out:
    config.json, model.safetensors   save_pretrained (float32), loadable by EncodecModel.from_pretrained
    speech-<i>.wav                   the inputs: 24 kHz mono 16-bit PCM
    expected.safetensors             reference tensors (see expected.json "tensors")
    expected.json                    codes per bandwidth ([levels, frames]), summaries, weight-norm spelling
"""
import argparse
import os
import subprocess
import tempfile

import numpy as np
import soundfile
import torch
from safetensors.torch import save_file, safe_open
from transformers import EncodecConfig, EncodecModel

from fixture_output import report_files, write_expected

SAMPLE_RATE = 24_000
CLIP_SAMPLES = SAMPLE_RATE  # 1 s per test clip
BANDWIDTHS = [0.3, 0.6, 1.2, 2.4]
ENCODER_GAIN, DECODER_GAIN = 1.5, 2.0  # multipliers of the weight-norm magnitudes (see build_model)
TEST_CLIPS = [("en-us+f2", 160, "The quick brown fox jumps over the lazy dog."),
              ("en-gb-x-rp+m3", 170, "Seven silver spoons lay on the table.")]
SEED_CLIP = ("en+m7", 150, "This program is free software; you can redistribute it and or modify it "
             "under the terms of the licence. Ask me no questions and I will tell you no lies.")


def speak(voice, speed, text):
    """espeak-ng -> sox (no dither) -> float32 mono samples at 24 kHz, 2 dB below the synthesiser."""
    with tempfile.TemporaryDirectory() as folder:
        raw = os.path.join(folder, "raw.wav")
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-b", "1", "-w", raw, "--stdin"],
                       input=text.encode(), check=True)
        pcm = subprocess.run(["sox", "-D", "-G", raw, "-t", "raw", "-e", "signed-integer", "-b", "16",
                              "-c", "1", "-r", str(SAMPLE_RATE), "-", "gain", "-2"],
                             check=True, capture_output=True).stdout
    return np.frombuffer(pcm, dtype="<i2")


def speech_window(samples, length):
    """The `length`-sample window with the most energy (step 1200), so a clip is mostly speech."""
    if len(samples) <= length:
        return np.pad(samples, (0, length - len(samples)))
    energy = [(np.square(samples[s:s + length].astype(np.float64)).sum(), -s)
              for s in range(0, len(samples) - length + 1, 1200)]
    start = -max(energy)[1]
    return samples[start:start + length]


def build_model():
    """A small random EncodecModel (see the module docstring)."""
    config = EncodecConfig(
        sampling_rate=SAMPLE_RATE, target_bandwidths=BANDWIDTHS, hidden_size=32, num_filters=4,
        num_residual_layers=1, upsampling_ratios=[8, 5, 4, 3], codebook_size=64, num_lstm_layers=2,
        use_causal_conv=True, norm_type="weight_norm", pad_mode="reflect", compress=2)
    torch.manual_seed(0)
    model = EncodecModel(config).eval()
    # At the default init the signal dies in the deep stacks: the encoder's output is its biases
    # (frame-to-frame spread ~2% of the mean) and the decoder ignores its input. Larger
    # weight-norm gains and small conv biases keep both responsive (decoded audio ~0.15 RMS).
    generator = torch.Generator().manual_seed(1)
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if name.endswith("parametrizations.weight.original0"):
                parameter.mul_(ENCODER_GAIN if name.startswith("encoder.") else DECODER_GAIN)
            elif name.endswith("conv.bias"):
                parameter.copy_(0.01 * torch.randn(parameter.shape, generator=generator))
    return model, config


def farthest_rows(vectors, count, generator):
    """`count` rows of `vectors` by farthest-point sampling from a random start (spread like k-means++)."""
    chosen = [int(torch.randint(0, vectors.shape[0], (1,), generator=generator))]
    distance = (vectors - vectors[chosen[0]]).square().sum(1)  # [frames]
    while len(chosen) < min(count, vectors.shape[0]):
        chosen.append(int(distance.argmax()))
        distance = torch.minimum(distance, (vectors - vectors[chosen[-1]]).square().sum(1))
    return vectors[chosen]


def seed_codebooks(model, samples):
    """Level k's codebook = real residuals after levels 0..k-1 (spread-out frames plus a little jitter)."""
    generator = torch.Generator().manual_seed(3)
    with torch.no_grad():
        waveform = torch.from_numpy(samples.astype(np.float32) / 32768.0).view(1, 1, -1)
        residual = model.encoder(waveform)[0].t().contiguous()  # [frames, dim]
        for layer in model.quantizer.layers:
            size = layer.codebook.codebook_size
            rows = farthest_rows(residual, size, generator)
            if rows.shape[0] < size:  # not enough frames: repeat (the jitter separates the copies)
                rows = rows[torch.arange(size) % rows.shape[0]]
            rows = rows + 0.05 * residual.std(0) * torch.randn(rows.shape, generator=generator)
            layer.codebook.embed.copy_(rows)
            layer.codebook.embed_avg.copy_(rows)
            codes = layer.codebook.encode(residual)  # [frames]
            residual = residual - layer.codebook.decode(codes)


def code_margins(model, embeddings):
    """Per level and frame: second-smallest minus smallest squared distance (float64), all levels."""
    residual = embeddings.t().double()  # [frames, dim]
    margins = []
    for layer in model.quantizer.layers:
        distances = torch.cdist(residual, layer.codebook.embed.double()).square()
        best_two = distances.topk(2, dim=1, largest=False)
        margins.append((best_two.values[:, 1] - best_two.values[:, 0]).float())
        residual = residual - layer.codebook.embed.double()[best_two.indices[:, 0]]
    return torch.stack(margins)  # [levels, frames]


def summary(tensor):
    """Shape, first 8 values (flattened row-major), sum and absolute sum of a tensor."""
    flat = tensor.detach().double().flatten()
    return {"shape": list(tensor.shape), "first": [float(v) for v in flat[:8]],
            "sum": float(flat.sum()), "abs_sum": float(flat.abs().sum())}


def run(model, waveform):
    """Codes [levels, frames] and decoded audio [samples] for every bandwidth of one clip."""
    results = {}
    with torch.no_grad():
        for bandwidth in BANDWIDTHS:
            encoded = model.encode(waveform, bandwidth=bandwidth, return_dict=True)
            decoded = model.decode(encoded.audio_codes, encoded.audio_scales, return_dict=True).audio_values
            results[bandwidth] = (encoded.audio_codes[0, 0], decoded[0, 0])
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="Tests/AudioTokenizerTests/Fixtures/encodec")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)

    model, config = build_model()
    seed_codebooks(model, speak(*SEED_CLIP))
    model.save_pretrained(args.out, safe_serialization=True)
    with safe_open(os.path.join(args.out, "model.safetensors"), "pt") as handle:
        names = list(handle.keys())
    spelling = ("parametrizations.weight.original0/1" if any("original0" in n for n in names)
                else "weight_g/weight_v" if any(n.endswith("weight_g") for n in names) else "plain weight")

    expected = {"model": "transformers.EncodecModel", "transformers": __import__("transformers").__version__,
                "torch": torch.__version__, "weight_norm_spelling_written": spelling,
                "sample_rate": SAMPLE_RATE, "frame_rate": config.frame_rate, "hop_length": config.hop_length,
                "bandwidths": {str(b): model.quantizer.get_num_quantizers_for_bandwidth(b) for b in BANDWIDTHS},
                "audio_scale": "float = int16 / 32768, shape [batch 1, channels 1, samples]; normalize=False",
                "code_margins": "per level and frame (all levels; a lower bandwidth uses the first levels): "
                                "second-smallest minus smallest squared distance (float64) to the codebook; frames "
                                "with a tiny margin may legitimately flip under float32 reordering",
                "clips": [], "tensors": {}}
    tensors = {}
    for index, (voice, speed, text) in enumerate(TEST_CLIPS):
        name = f"speech-{index}.wav"
        samples = speech_window(speak(voice, speed, text), CLIP_SAMPLES)
        soundfile.write(os.path.join(args.out, name), samples, SAMPLE_RATE, subtype="PCM_16")
        read, _ = soundfile.read(os.path.join(args.out, name), dtype="int16")
        waveform = torch.from_numpy(read.astype(np.float32) / 32768.0).view(1, 1, -1)
        with torch.no_grad():
            embeddings = model.encoder(waveform)  # [1, dim, frames]
        tensors[f"embeddings_{index}"] = embeddings[0].contiguous()
        tensors[f"code_margins_{index}"] = code_margins(model, embeddings[0]).contiguous()
        clip = {"audio": name, "voice": voice, "speed": speed, "text": text,
                "samples": int(waveform.shape[-1]), "embeddings": summary(embeddings[0]),
                "smallest_code_margin_per_level": [float(v) for v in tensors[f"code_margins_{index}"].min(1).values],
                "bandwidths": {}}
        for bandwidth, (codes, decoded) in run(model, waveform).items():
            key = f"{index}_{bandwidth}kbps"
            tensors[f"codes_{key}"] = codes.to(torch.int64).contiguous()
            # Full decoded audio for clip 0 at the lowest and highest bandwidth (size limit);
            # the other cases carry a summary only.
            if index == 0 and bandwidth in (BANDWIDTHS[0], BANDWIDTHS[-1]):
                tensors[f"decoded_{key}"] = decoded.contiguous()
            clip["bandwidths"][str(bandwidth)] = {
                "codes": [[int(c) for c in level] for level in codes],
                "distinct_codes_per_level": [int(torch.unique(level).numel()) for level in codes],
                "decoded": summary(decoded)}
        expected["clips"].append(clip)
    expected["tensors"] = {k: list(v.shape) for k, v in tensors.items()}
    save_file(tensors, os.path.join(args.out, "expected.safetensors"))

    # Round trip: reload with transformers and check it reproduces codes and audio.
    reloaded = EncodecModel.from_pretrained(args.out).eval()
    for index, clip in enumerate(expected["clips"]):
        read, _ = soundfile.read(os.path.join(args.out, clip["audio"]), dtype="int16")
        waveform = torch.from_numpy(read.astype(np.float32) / 32768.0).view(1, 1, -1)
        for bandwidth, (codes, decoded) in run(reloaded, waveform).items():
            key = f"{index}_{bandwidth}kbps"
            assert torch.equal(codes, tensors[f"codes_{key}"]), f"codes differ after reload ({key})"
            if f"decoded_{key}" in tensors:
                assert torch.allclose(decoded, tensors[f"decoded_{key}"], atol=1e-6), f"audio differs ({key})"
    expected["reload_check"] = "EncodecModel.from_pretrained reproduces every code exactly and audio within 1e-6"
    write_expected(args.out, expected)
    total = report_files(args.out)
    print(f"weight norm written as {spelling}; levels per bandwidth {expected['bandwidths']}")
    for clip in expected["clips"]:
        top = clip["bandwidths"][str(BANDWIDTHS[-1])]
        print(f"{clip['audio']}: distinct codes per level {top['distinct_codes_per_level']}")
    print(f"total {total} bytes")


if __name__ == "__main__":
    main()
