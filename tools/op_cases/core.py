"""Elementwise, unary, reduction, matmul and shape ops."""
import torch
import torch.nn.functional as F

from op_cases.common import case, randn


def cases():
    a, b = randn(3, 4, 5, seed=1), randn(3, 4, 5, seed=2)
    positive = randn(3, 4, 5, seed=3).abs() + 0.5
    result = [
        case("add_same", "add", [a, b], lambda x, y: x + y),
        case("add_broadcast", "add", [a, randn(4, 1, seed=4)], lambda x, y: x + y),
        case("subtract_broadcast", "subtract", [randn(1, 5, seed=5), a], lambda x, y: x - y),
        case("multiply_broadcast", "multiply", [a, randn(5, seed=6)], lambda x, y: x * y),
        case("divide_broadcast", "divide", [a, positive[:, :1, :]], lambda x, y: x / y),
        case("exp", "exp", [a], torch.exp),
        case("log", "log", [positive], torch.log),
        case("sqrt", "sqrt", [positive], torch.sqrt),
        case("tanh", "tanh", [a], torch.tanh),
        case("sigmoid", "sigmoid", [a], torch.sigmoid),
        case("relu", "relu", [a], torch.relu),
        case("silu", "silu", [a], F.silu),
        case("gelu", "gelu", [a], F.gelu),
        case("gelu_tanh", "gelu_tanh", [a], lambda x: F.gelu(x, approximate="tanh")),
        case("elu", "elu", [a], lambda x: F.elu(x, alpha=0.7), params={"alpha": 0.7}),
        case("sum_axes", "sum", [a], lambda x: x.sum(dim=(0, 2)), params={"axes": [0, 2], "keep": False}),
        case("sum_keep", "sum", [a], lambda x: x.sum(dim=1, keepdim=True), params={"axes": [1], "keep": True}),
        case("mean_all", "mean", [a], lambda x: x.mean().reshape(1), params={"axes": [0, 1, 2], "keep": False}),
        case("max_axis", "max", [a], lambda x: x.max(dim=1).values, params={"axis": 1}),
        case("matmul_2d", "matmul", [randn(6, 7, seed=7), randn(7, 5, seed=8)], torch.matmul,
             params={"transpose_b": False}),
        case("matmul_shared_b", "matmul", [randn(2, 3, 7, seed=9), randn(5, 7, seed=10)],
             lambda x, w: x @ w.T, params={"transpose_b": True}),
        case("matmul_batched", "matmul", [randn(2, 3, 4, 6, seed=11), randn(2, 3, 6, 5, seed=12)], torch.matmul,
             params={"transpose_b": False}),
        case("matmul_batched_bt", "matmul", [randn(4, 3, 6, seed=13), randn(4, 5, 6, seed=14)],
             lambda x, y: x @ y.transpose(-1, -2), params={"transpose_b": True}),
        case("reshape", "reshape", [a], lambda x: x.reshape(5, 12) * 1.0, params={"shape": [5, 12]}),
        case("permute", "permute", [randn(2, 3, 4, 5, seed=15)], lambda x: x.permute(2, 0, 3, 1),
             params={"order": [2, 0, 3, 1]}),
        case("transpose", "transpose", [a], lambda x: x.transpose(0, 2), params={"axes": [0, 2]}),
        case("slice", "slice", [a], lambda x: x[:, 1:3, :], params={"axis": 1, "start": 1, "end": 3}),
        case("concat", "concat", [a, randn(3, 2, 5, seed=16)], lambda x, y: torch.cat([x, y], dim=1),
             params={"axis": 1}),
        case("pad_zero", "pad", [a], lambda x: F.pad(x, (2, 1, 0, 3)),
             params={"amounts": [0, 3, 2, 1], "reflect": False}),
        case("pad_reflect_1d", "pad", [a], lambda x: F.pad(x, (3, 2), mode="reflect"),
             params={"amounts": [3, 2], "reflect": True}),
        case("pad_reflect_2d", "pad", [randn(2, 3, 4, 5, seed=17)], lambda x: F.pad(x, (1, 2, 3, 1), mode="reflect"),
             params={"amounts": [3, 1, 1, 2], "reflect": True}),
    ]
    return result
