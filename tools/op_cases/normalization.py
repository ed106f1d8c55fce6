"""Layer, RMS and group normalization, with and without affine parameters."""
import torch
import torch.nn.functional as F

from op_cases.common import case, randn


def rms_norm(x, weight, epsilon):
    """Hugging Face LlamaRMSNorm: weight * (x * rsqrt(mean(x²) + eps)), in float32."""
    normalized = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + epsilon)
    return normalized if weight is None else weight * normalized


def affine_case(name, op, x, width, seed, affine, fn, params):
    """A case whose inputs are x, then weight and bias when `affine` (recorded as params too)."""
    inputs = [x]
    if affine:
        inputs += [1 + randn(width, seed=seed + 1, scale=0.3), randn(width, seed=seed + 2, scale=0.3)]
    return case(name, op, inputs, lambda x, *wb: fn(x, *(wb or (None, None))),
                params={"affine": affine, **params}, seed=seed)


def cases():
    result = []
    for seed, (shape, affine, epsilon) in enumerate([
        ((4, 6), True, 1e-5), ((2, 3, 8), True, 1e-5), ((3, 5), False, 1e-3), ((2, 17), True, 1e-6),
    ]):
        x = randn(*shape, seed=100 + seed) * 2 + 0.5
        result.append(affine_case(f"layer_norm_{seed}", "layer_norm", x, shape[-1], 100 + seed, affine,
                                  lambda x, w, b, e=epsilon: F.layer_norm(x, x.shape[-1:], w, b, e),
                                  {"epsilon": epsilon}))
    for seed, (shape, affine, epsilon) in enumerate([((4, 6), True, 1e-6), ((2, 3, 8), False, 1e-5),
                                                     ((3, 19), True, 1e-6)]):
        x = randn(*shape, seed=200 + seed)
        weight = [1 + randn(shape[-1], seed=210 + seed, scale=0.3)] if affine else []
        result.append(case(f"rms_norm_{seed}", "rms_norm", [x] + weight,
                           lambda x, *w, e=epsilon: rms_norm(x, w[0] if w else None, e),
                           params={"affine": affine, "epsilon": epsilon}, seed=200 + seed))
    for seed, (shape, groups, affine) in enumerate([
        ((2, 6, 5), 3, True), ((2, 4, 3, 3), 2, True), ((1, 6, 4, 2), 6, False), ((3, 4, 7), 1, True),
        ((2, 8, 2, 3), 4, False),
    ]):
        # An offset mean checks the statistics do not cancel.
        x = randn(*shape, seed=300 + seed) * 1.5 + 3
        result.append(affine_case(f"group_norm_{seed}", "group_norm", x, shape[1], 300 + seed, affine,
                                  lambda x, w, b, g=groups: F.group_norm(x, g, w, b, 1e-5),
                                  {"groups": groups, "epsilon": 1e-5}))
    return result
