"""Shared helpers for op parity fixtures: run one torch lambda, record forward and gradients.

A case stores the inputs, the op's output, a random cotangent and the gradients of
sum(output * cotangent) with respect to every float input. Swift replays the same op by name
(Tests/TensorTests/*ParityTests.swift) and compares.
"""
import torch

torch.set_default_dtype(torch.float32)


def array(tensor):
    """A JSON array object: shape plus row-major float32 values (exact round-trip)."""
    tensor = tensor.detach().to(torch.float32).contiguous()
    return {"shape": list(tensor.shape), "data": [float(v) for v in tensor.reshape(-1).tolist()]}


def randn(*shape, seed, scale=1.0):
    generator = torch.Generator().manual_seed(seed)
    return torch.randn(*shape, generator=generator) * scale


def case(name, op, inputs, fn, params=None, integers=None, grads=None, tolerance=None, seed=0):
    """Runs fn(*inputs) in torch and returns the fixture case.

    grads: which inputs get gradients (default all).
    """
    params = params or {}
    grads = grads if grads is not None else [True] * len(inputs)
    leaves = [x.clone().requires_grad_(g) for x, g in zip(inputs, grads)]
    output = fn(*leaves)
    cotangent = randn(*output.shape, seed=seed + 1000)
    gradients = [None] * len(leaves)
    if any(grads):
        (output * cotangent).sum().backward()
        gradients = [array(x.grad) if g else None for x, g in zip(leaves, grads)]
    result = {
        "name": name, "op": op, "params": params,
        "inputs": [array(x) for x in inputs],
        "integers": {k: [int(v) for v in vs] for k, vs in (integers or {}).items()},
        "output": array(output), "cotangent": array(cotangent), "gradients": gradients,
    }
    if tolerance is not None:
        result["tolerance"] = tolerance
    return result
