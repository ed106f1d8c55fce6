"""One-layer LSTM (torch.nn.LSTM) and weight normalization (torch._weight_norm, dim 0)."""
import torch

from op_cases.common import case, randn


def lstm(x, weight_ih, weight_hh, bias_ih=None, bias_hh=None):
    """torch.nn.LSTM, one layer, batch_first=False, zero initial state, with the given parameters."""
    module = torch.nn.LSTM(x.shape[2], weight_hh.shape[1], bias=bias_ih is not None)
    parameters = {"weight_ih_l0": weight_ih, "weight_hh_l0": weight_hh}
    if bias_ih is not None:
        parameters |= {"bias_ih_l0": bias_ih, "bias_hh_l0": bias_hh}
    return torch.func.functional_call(module, parameters, (x,))[0]


def lstm_inputs(time, batch, input_size, hidden, biases, seed):
    tensors = [randn(time, batch, input_size, seed=seed), randn(4 * hidden, input_size, seed=seed + 1, scale=0.5),
               randn(4 * hidden, hidden, seed=seed + 2, scale=0.5)]
    if biases:
        tensors += [randn(4 * hidden, seed=seed + 3, scale=0.3), randn(4 * hidden, seed=seed + 4, scale=0.3)]
    return tensors


def cases():
    return [
        case("lstm_biases", "lstm", lstm_inputs(5, 2, 3, 4, True, 400), lstm, seed=400),
        case("lstm_no_biases", "lstm", lstm_inputs(4, 3, 5, 3, False, 410), lstm, seed=410),
        case("lstm_one_step", "lstm", lstm_inputs(1, 2, 4, 3, True, 420), lstm, seed=420),
        case("weight_norm_conv1d", "weight_norm", [randn(6, 4, 3, seed=430), randn(6, 1, 1, seed=431).abs() + 0.5],
             lambda v, g: torch._weight_norm(v, g, 0), seed=430),
        case("weight_norm_linear", "weight_norm", [randn(5, 7, seed=440), randn(5, 1, seed=441).abs() + 0.5],
             lambda v, g: torch._weight_norm(v, g, 0), seed=440),
        case("weight_norm_flat_magnitude", "weight_norm", [randn(4, 3, 2, seed=450), randn(4, seed=451)],
             lambda v, g: torch._weight_norm(v, g.reshape(-1, 1, 1), 0), seed=450),
    ]
