"""Scaled dot-product attention (causal, grouped-query, KV cache), rotary embedding, embedding.

Dropout has no parity cases: its mask comes from Tessera's own generator, which torch cannot
reproduce (Tests/TensorTests/AttentionOpTests.swift checks its statistics instead).
"""
import torch
import torch.nn.functional as F

from op_cases.common import case, randn


def attention_case(name, batch, heads, kv_heads, query_time, key_time, head_dim, causal, scale=None, seed=0):
    """F.scaled_dot_product_attention with enable_gqa; causal masks align to the bottom right
    (query t sits at key_time - query_time + t), as with a KV cache."""
    q = randn(batch, heads, query_time, head_dim, seed=seed)
    k = randn(batch, kv_heads, key_time, head_dim, seed=seed + 1)
    v = randn(batch, kv_heads, key_time, head_dim, seed=seed + 2)
    mask = torch.ones(query_time, key_time).tril(diagonal=key_time - query_time).bool() if causal else None
    params = {"causal": causal}
    if scale is not None:
        params["scale"] = scale

    def attend(q, k, v):
        return F.scaled_dot_product_attention(q, k, v, attn_mask=mask, scale=scale, enable_gqa=True)
    return case(name, "attention", [q, k, v], attend, params=params, seed=seed)


def rotate_half(x):
    x1, x2 = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


def rotary_case(name, x, positions, theta):
    """transformers' LlamaRotaryEmbedding (default rope) + apply_rotary_pos_emb, reimplemented."""
    dim = x.shape[-1]
    inv_freq = 1.0 / (theta ** (torch.arange(0, dim, 2, dtype=torch.int64).float() / dim))
    position_ids = torch.tensor(positions)[None, :]
    freqs = (inv_freq[None, :, None].float() @ position_ids[:, None, :].float()).transpose(1, 2)
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos()[:, None], emb.sin()[:, None]  # unsqueeze_dim=1: [batch, 1, time, dim]
    return case(name, "rotary", [x], lambda v: v * cos + rotate_half(v) * sin,
                params={"positions": positions, "theta": theta})


def embedding_case(name, vocabulary, dim, ids, seed):
    ids_tensor = torch.tensor(ids)
    return case(name, "embedding", [randn(vocabulary, dim, seed=seed)], lambda w: F.embedding(ids_tensor, w),
                params={"shape": list(ids_tensor.shape)}, integers={"ids": ids_tensor.reshape(-1).tolist()})


def cases():
    return [
        attention_case("attention_causal", 2, 2, 2, 6, 6, 4, True, seed=1),
        attention_case("attention_noncausal_more_keys", 1, 2, 2, 5, 7, 8, False, seed=4),
        attention_case("attention_gqa_kv_cache", 1, 4, 2, 3, 9, 4, True, seed=7),
        attention_case("attention_decode_step", 1, 2, 1, 1, 10, 8, True, seed=10),
        attention_case("attention_scale", 1, 3, 1, 4, 6, 5, False, scale=0.3, seed=13),
        attention_case("attention_odd_long", 1, 2, 1, 67, 67, 4, True, seed=16),
        rotary_case("rotary_llama", randn(1, 2, 5, 8, seed=20), list(range(5)), 10000.0),
        rotary_case("rotary_offset_positions", randn(2, 1, 3, 6, seed=21), [7, 3, 12], 500000.0),
        embedding_case("embedding_repeated_ids", 7, 5, [[1, 3, 3], [0, 6, 1]], seed=22),
        embedding_case("embedding_flat", 4, 3, [2, 2, 2, 0], seed=23),
    ]
