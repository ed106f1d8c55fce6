"""Softmax, log-softmax and the fused cross-entropy loss."""
import torch
import torch.nn.functional as F

from op_cases.common import case, randn


def cross_entropy_case(name, logits, targets, weights=None, ignore_index=-100):
    """torch's per-token losses, weighted and normalised by the weight of the counted tokens."""
    targets = torch.tensor(targets)
    w = torch.ones(len(targets)) if weights is None else torch.tensor(weights)
    params = {"ignore_index": ignore_index}
    if weights is not None:
        params["weights"] = weights

    def loss(x):
        per_token = F.cross_entropy(x, targets, reduction="none", ignore_index=ignore_index)
        # Shape [1], not []: the fixture cotangent needs a dimension (as core.py's mean_all).
        return ((per_token * w).sum() / w[targets != ignore_index].sum()).reshape(1)
    return case(name, "cross_entropy", [logits], loss, params=params, integers={"targets": targets.tolist()})


def cases():
    x = randn(2, 4, 21, seed=1)
    large = randn(4, 19, seed=2, scale=40.0)  # spreads of ~100: overflows without the max shift
    return [
        case("softmax_last", "softmax", [x], lambda v: torch.softmax(v, dim=-1), params={"axis": -1}),
        case("softmax_middle", "softmax", [x], lambda v: torch.softmax(v, dim=1), params={"axis": 1}),
        case("softmax_first", "softmax", [x], lambda v: torch.softmax(v, dim=0), params={"axis": 0}),
        case("softmax_large", "softmax", [large], lambda v: torch.softmax(v, dim=-1), params={"axis": -1}),
        case("log_softmax_last", "log_softmax", [x], lambda v: torch.log_softmax(v, dim=-1), params={"axis": -1}),
        case("log_softmax_middle", "log_softmax", [x], lambda v: torch.log_softmax(v, dim=1), params={"axis": 1}),
        case("log_softmax_large", "log_softmax", [large], lambda v: torch.log_softmax(v, dim=0), params={"axis": 0}),
        cross_entropy_case("cross_entropy_plain", randn(6, 37, seed=3), [0, 36, 5, 17, 17, 2]),
        cross_entropy_case("cross_entropy_ignore", randn(5, 21, seed=4, scale=10.0), [3, -100, 20, -100, 0]),
        cross_entropy_case("cross_entropy_weights", randn(6, 33, seed=5), [1, 2, 3, 32, 4, 0],
                           weights=[1.0, 0.5, 0.0, 2.0, 0.25, 1.5], ignore_index=4),
    ]
