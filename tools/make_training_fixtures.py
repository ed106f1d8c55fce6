#!/usr/bin/env python3
"""Writes PyTorch training fixtures: a tiny MLP, conv net and attention block, each trained
20 steps with AdamW on fixed data. Tests/NNTests replays them and must match the loss curve.

Usage: python3 tools/make_training_fixtures.py   (needs torch; see tools/requirements.txt)
Output: Tests/NNTests/Fixtures/training/<model>.json with the initial parameters (under the
same keys the Swift modules use), the data, the optimizer settings and the 20 losses.
"""
import json
import math
import pathlib
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from op_cases.common import array  # noqa: E402

OUT = ROOT / "Tests" / "NNTests" / "Fixtures" / "training"
STEPS = 20
OPTIMIZER = {"learning_rate": 3e-3, "beta1": 0.9, "beta2": 0.95, "epsilon": 1e-8, "weight_decay": 0.1,
             "clip_norm": 1.0, "warmup_steps": 5, "minimum_learning_rate": 3e-4}


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(16, 32), nn.Linear(32, 10)

    def loss(self, data):
        return F.cross_entropy(self.fc2(F.gelu(self.fc1(data["inputs"]))), data["targets"])


class ConvNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.norm = nn.GroupNorm(4, 8)
        self.conv2 = nn.Conv2d(8, 8, 3, stride=2, padding=1)
        self.up = nn.ConvTranspose2d(8, 4, 4, stride=2, padding=1)
        self.head = nn.Linear(4, 5)

    def loss(self, data):
        x = F.silu(self.norm(self.conv1(data["inputs"])))
        x = self.up(F.silu(self.conv2(x)))                        # [batch, 4, 8, 8]
        reconstruction = F.mse_loss(x[:, :3], data["inputs"])
        logits = self.head(x.mean(dim=(2, 3)))
        return reconstruction + F.cross_entropy(logits, data["targets"])


class Attention(nn.Module):
    """Llama-style projections: q_proj, k_proj, v_proj, o_proj (no biases)."""

    def __init__(self, dim, heads, kv_heads):
        super().__init__()
        self.heads, self.kv_heads, self.head_dim = heads, kv_heads, dim // heads
        self.q_proj = nn.Linear(dim, dim, bias=False)
        self.k_proj = nn.Linear(dim, kv_heads * self.head_dim, bias=False)
        self.v_proj = nn.Linear(dim, kv_heads * self.head_dim, bias=False)
        self.o_proj = nn.Linear(dim, dim, bias=False)

    def rope(self, x):
        time = x.shape[2]
        inv_freq = 1.0 / (10000.0 ** (torch.arange(0, self.head_dim, 2, dtype=torch.float32) / self.head_dim))
        freqs = torch.outer(torch.arange(time, dtype=torch.float32), inv_freq)
        emb = torch.cat([freqs, freqs], dim=-1)
        x1, x2 = x[..., : self.head_dim // 2], x[..., self.head_dim // 2:]
        return x * emb.cos() + torch.cat([-x2, x1], dim=-1) * emb.sin()

    def forward(self, x):
        batch, time, _ = x.shape
        q = self.q_proj(x).view(batch, time, self.heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(x).view(batch, time, self.kv_heads, self.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(batch, time, self.kv_heads, self.head_dim).transpose(1, 2)
        attended = F.scaled_dot_product_attention(self.rope(q), self.rope(k), v, is_causal=True, enable_gqa=True)
        return self.o_proj(attended.transpose(1, 2).reshape(batch, time, -1))


class AttentionBlock(nn.Module):
    """Embedding → RMSNorm → GQA self-attention with RoPE → residual → RMSNorm → SwiGLU → head."""

    def __init__(self, vocab=12, dim=16, heads=4, kv_heads=2):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.attention_norm = nn.Parameter(1 + 0.1 * torch.randn(dim))
        self.self_attn = Attention(dim, heads, kv_heads)
        self.mlp_norm = nn.Parameter(1 + 0.1 * torch.randn(dim))
        self.gate_proj = nn.Linear(dim, 32, bias=False)
        self.up_proj = nn.Linear(dim, 32, bias=False)
        self.down_proj = nn.Linear(32, dim, bias=False)
        self.head = nn.Linear(dim, vocab, bias=False)

    @staticmethod
    def rms_norm(x, weight):
        return weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5))

    def loss(self, data):
        ids = data["ids"]
        h = self.embed(ids)
        h = h + self.self_attn(self.rms_norm(h, self.attention_norm))
        x = self.rms_norm(h, self.mlp_norm)
        h = h + self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))
        logits = self.head(h)[:, :-1].reshape(-1, self.head.out_features)
        return F.cross_entropy(logits, ids[:, 1:].reshape(-1))


def learning_rate(step):
    """Linear warm-up then cosine decay to the minimum (the Swift WarmupCosineSchedule)."""
    base, warmup, minimum = OPTIMIZER["learning_rate"], OPTIMIZER["warmup_steps"], OPTIMIZER["minimum_learning_rate"]
    if step < warmup:
        return base * (step + 1) / warmup
    progress = (step - warmup) / max(1, STEPS - warmup)
    return minimum + 0.5 * (base - minimum) * (1 + math.cos(math.pi * progress))


def train(model, data):
    optimizer = torch.optim.AdamW(model.parameters(), lr=OPTIMIZER["learning_rate"],
                                  betas=(OPTIMIZER["beta1"], OPTIMIZER["beta2"]), eps=OPTIMIZER["epsilon"],
                                  weight_decay=OPTIMIZER["weight_decay"], foreach=False)
    losses = []
    for step in range(STEPS):
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step)
        optimizer.zero_grad()
        loss = model.loss(data)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), OPTIMIZER["clip_norm"], foreach=False)
        optimizer.step()
        losses.append(loss.item())
    return losses


def fixture(name, model, data):
    initial = {key: array(value) for key, value in model.state_dict().items()}
    losses = train(model, data)
    integers = {k: v.reshape(-1).tolist() for k, v in data.items() if not v.is_floating_point()}
    floats = {k: array(v) for k, v in data.items() if v.is_floating_point()}
    path = OUT / f"{name}.json"
    path.write_text(json.dumps({"parameters": initial, "floats": floats, "integers": integers,
                                "optimizer": OPTIMIZER, "steps": STEPS, "losses": losses}, separators=(",", ":")))
    print(f"{path.relative_to(ROOT)}: loss {losses[0]:.4f} → {losses[-1]:.4f}")


def main():
    torch.set_num_threads(1)
    OUT.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    fixture("mlp", MLP(), {"inputs": torch.randn(8, 16), "targets": torch.randint(0, 10, (8,))})
    torch.manual_seed(1)
    fixture("convnet", ConvNet(), {"inputs": torch.randn(4, 3, 8, 8), "targets": torch.randint(0, 5, (4,))})
    torch.manual_seed(2)
    fixture("attention", AttentionBlock(), {"ids": torch.randint(0, 12, (3, 10))})


if __name__ == "__main__":
    main()
