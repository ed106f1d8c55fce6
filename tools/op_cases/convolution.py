"""Convolutions, transposed convolutions and nearest upsampling."""
import torch.nn.functional as F

from op_cases.common import case, randn


def conv2d(name, batch, channels, size, weight_shape, bias, seed, stride=(1, 1), padding=(0, 0), dilation=(1, 1)):
    inputs = [randn(batch, channels, *size, seed=seed), randn(*weight_shape, seed=seed + 1, scale=0.5)]
    inputs += [randn(weight_shape[0], seed=seed + 2)] if bias else []
    return case(name, "conv2d", inputs,
                lambda x, w, b=None: F.conv2d(x, w, b, stride=stride, padding=padding, dilation=dilation),
                params={"stride": list(stride), "padding": list(padding), "dilation": list(dilation)}, seed=seed)


def conv1d(name, batch, channels, length, weight_shape, bias, seed, stride=1, padding=0, dilation=1):
    inputs = [randn(batch, channels, length, seed=seed), randn(*weight_shape, seed=seed + 1, scale=0.5)]
    inputs += [randn(weight_shape[0], seed=seed + 2)] if bias else []
    return case(name, "conv1d", inputs,
                lambda x, w, b=None: F.conv1d(x, w, b, stride=stride, padding=padding, dilation=dilation),
                params={"stride": stride, "padding": padding, "dilation": dilation}, seed=seed)


def conv_transpose2d(name, batch, channels, size, weight_shape, bias, seed, stride=(1, 1), padding=(0, 0),
                     output_padding=(0, 0), dilation=(1, 1)):
    inputs = [randn(batch, channels, *size, seed=seed), randn(*weight_shape, seed=seed + 1, scale=0.5)]
    inputs += [randn(weight_shape[1], seed=seed + 2)] if bias else []
    return case(name, "conv_transpose2d", inputs,
                lambda x, w, b=None: F.conv_transpose2d(x, w, b, stride=stride, padding=padding,
                                                        output_padding=output_padding, dilation=dilation),
                params={"stride": list(stride), "padding": list(padding), "output_padding": list(output_padding),
                        "dilation": list(dilation)}, seed=seed)


def conv_transpose1d(name, batch, channels, length, weight_shape, bias, seed, stride=1, padding=0,
                     output_padding=0, dilation=1):
    inputs = [randn(batch, channels, length, seed=seed), randn(*weight_shape, seed=seed + 1, scale=0.5)]
    inputs += [randn(weight_shape[1], seed=seed + 2)] if bias else []
    return case(name, "conv_transpose1d", inputs,
                lambda x, w, b=None: F.conv_transpose1d(x, w, b, stride=stride, padding=padding,
                                                        output_padding=output_padding, dilation=dilation),
                params={"stride": stride, "padding": padding, "output_padding": output_padding,
                        "dilation": dilation}, seed=seed)


def upsample(name, shape, scale, seed):
    return case(name, "upsample_nearest", [randn(*shape, seed=seed)],
                lambda x: F.interpolate(x, scale_factor=scale, mode="nearest"), params={"scale": scale}, seed=seed)


def cases():
    return [
        conv2d("conv2d_3x3_padded", 2, 3, (5, 6), (4, 3, 3, 3), True, 100, padding=(1, 1)),
        # Odd sizes and uneven padding: cropped Winograd tiles (the Swift test also runs it with Winograd forced).
        conv2d("conv2d_3x3_odd_uneven_padding", 2, 4, (7, 5), (3, 4, 3, 3), False, 105, padding=(0, 2)),
        conv2d("conv2d_strided_dilated", 1, 2, (7, 8), (3, 2, 3, 2), True, 110,
               stride=(2, 1), padding=(1, 2), dilation=(1, 2)),
        conv2d("conv2d_stride2_no_bias", 2, 2, (6, 5), (3, 2, 2, 2), False, 120, stride=(2, 2)),
        conv2d("conv2d_pointwise", 2, 4, (3, 3), (5, 4, 1, 1), True, 130),
        conv2d("conv2d_pointwise_strided", 1, 3, (5, 4), (2, 3, 1, 1), True, 135, stride=(2, 2)),
        conv1d("conv1d_padded", 2, 3, 10, (4, 3, 3), True, 140, padding=1),
        conv1d("conv1d_stride4_kernel8", 1, 2, 24, (3, 2, 8), True, 150, stride=4),
        conv1d("conv1d_dilated_no_bias", 2, 2, 9, (2, 2, 3), False, 160, padding=2, dilation=2),
        conv1d("conv1d_pointwise", 2, 3, 7, (4, 3, 1), True, 170),
        conv_transpose2d("conv_transpose2d_stride2", 2, 3, (3, 4), (3, 2, 3, 3), True, 200,
                         stride=(2, 2), padding=(1, 1), output_padding=(1, 0)),
        conv_transpose2d("conv_transpose2d_dilated_no_bias", 1, 2, (4, 3), (2, 3, 3, 2), False, 210,
                         stride=(1, 2), padding=(2, 0), dilation=(2, 1)),
        conv_transpose2d("conv_transpose2d_pointwise", 1, 3, (3, 3), (3, 2, 1, 1), True, 220),
        conv_transpose1d("conv_transpose1d_stride4_kernel8", 2, 3, 6, (3, 2, 8), True, 230, stride=4, padding=2),
        conv_transpose1d("conv_transpose1d_output_padding", 1, 2, 5, (2, 3, 3), True, 240,
                         stride=2, padding=1, output_padding=1),
        conv_transpose1d("conv_transpose1d_dilated", 1, 2, 5, (2, 2, 3), False, 250, dilation=2, output_padding=1),
        upsample("upsample_nearest_1d", (2, 3, 4), 3, 300),
        upsample("upsample_nearest_2d", (2, 2, 3, 4), 2, 310),
    ]
