"""Turns one picture into square, white-backed PNGs at the requested sizes."""
import io
import math

import numpy as np
from PIL import Image

WHITE_LEVEL = 250           # a channel at or above this counts as white
CONTENT_THRESHOLD = 8       # a pixel differing from white by more than this is content
MAXIMUM_ASPECT = 2.0        # longer content is centre-cropped to this aspect before padding
MARGIN = 1 / 16             # white margin added on each side of the content square
BLANK_FRACTION = 0.97       # more white pixels than this at the smallest size: skipped
WORKING_SIDE = 2048         # larger pictures are box-reduced by an integer factor to about this side
BAND_ROWS = 256             # rows flattened at a time, so huge pictures need little extra memory


class Rejected(Exception):
    """A picture that makes no useful training image (blank, unreadable); the message says why."""


def flatten_on_white(image):
    """RGB uint8 array of `image` composited on white, round((c·a + 255·(255 − a)) / 255), then
    box-reduced by the integer factor that brings its longer side to at most WORKING_SIDE.

    Works in bands of rows, so a 16000-pixel-wide drawing needs no full-size RGBA copy."""
    factor = max(1, math.ceil(max(image.size) / WORKING_SIDE))
    rows = factor * max(1, BAND_ROWS // factor)
    bands = []
    for top in range(0, image.height, rows):
        band = image.crop((0, top, image.width, min(top + rows, image.height))).convert("RGBA")
        rgba = np.asarray(band, dtype=np.uint32)
        alpha = rgba[..., 3:4]
        composite = ((rgba[..., :3] * alpha + 255 * (255 - alpha) + 127) // 255).astype(np.uint8)
        bands.append(np.asarray(Image.fromarray(composite, "RGB").reduce(factor)) if factor > 1 else composite)
    return np.concatenate(bands)


def square_content(pixels):
    """The content's bounding box, centre-cropped to at most 2:1 and padded with white to a square with a margin."""
    content = (255 - pixels.min(axis=2)) > CONTENT_THRESHOLD
    rows, columns = np.flatnonzero(content.any(axis=1)), np.flatnonzero(content.any(axis=0))
    if rows.size == 0:
        raise Rejected("blank")
    box = pixels[rows[0]:rows[-1] + 1, columns[0]:columns[-1] + 1]
    height, width = box.shape[:2]
    longest = int(min(max(height, width), MAXIMUM_ASPECT * min(height, width)))
    top, left = (height - min(height, longest)) // 2, (width - min(width, longest)) // 2
    box = box[top:top + longest, left:left + longest]
    height, width = box.shape[:2]
    side = max(height, width) + 2 * max(1, round(longest * MARGIN))
    square = np.full((side, side, 3), 255, dtype=np.uint8)
    top, left = (side - height) // 2, (side - width) // 2
    square[top:top + height, left:left + width] = box
    return square


def resized(square, size):
    """`square` at `size`×`size`: Pillow BOX (area average) when shrinking, BICUBIC when growing."""
    image = Image.fromarray(square, "RGB")
    method = Image.Resampling.BOX if square.shape[0] >= size else Image.Resampling.BICUBIC
    return np.asarray(image.resize((size, size), method))


def encode_png(pixels):
    """PNG bytes of an RGB array, with no metadata (so the same pixels always give the same bytes)."""
    output = io.BytesIO()
    Image.fromarray(pixels, "RGB").save(output, format="PNG", optimize=False, compress_level=9)
    return output.getvalue()


def square_pngs(image, sizes):
    """{size: PNG bytes} for one PIL image, plus the smallest size's pixel bytes (for duplicate detection).

    Raises Rejected for a picture that is blank or almost blank at the smallest size."""
    square = square_content(flatten_on_white(image))
    outputs = {size: resized(square, size) for size in sizes}
    smallest = outputs[min(sizes)]
    white = (smallest >= WHITE_LEVEL).all(axis=2).mean()
    if white > BLANK_FRACTION:
        raise Rejected("almost blank")
    return {size: encode_png(pixels) for size, pixels in outputs.items()}, smallest.tobytes(), square.shape[0]
