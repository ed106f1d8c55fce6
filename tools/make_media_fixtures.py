#!/usr/bin/env python3
"""Writes the fixtures of the MediaTests to Tests/MediaTests/Fixtures/.

Usage: python3 tools/make_media_fixtures.py
Needs numpy, scipy, torch, librosa, soundfile and pillow (`pip install librosa pillow`) and
espeak-ng (`apt-get install espeak-ng`). Everything is deterministic except the espeak-ng
voice, which may change between espeak-ng versions.

- png/: PNG files of every colour type and bit depth (written here with zlib + struct, every
  row filter, one Adam7-interlaced), and expected.json with the RGB bytes each must decode to:
  samples scaled to 8 bits (v·255 / (2^depth − 1), rounded), palettes and tRNS applied, then
  alpha composited on white as round((c·a + 255·(255 − a)) / 255).
- resize/: RGB sources and what Pillow's Image.resize makes of them (BOX down, BICUBIC up).
- audio/: espeak-ng speech as 16 kHz and 44.1 kHz PCM16 WAV (also 16 kHz FLAC and Ogg Vorbis,
  and a stereo WAV), and scipy.signal.resample_poly of the decoded samples (float64, stored as
  float32) to the other rates; manifest.json lists them.
- spectral/: torch.stft real/imaginary parts of the 16 kHz speech, librosa.filters.mel banks,
  and the log-mel spectrogram log(mel_filters · |stft| + 1e-5); manifest.json gives parameters.
- adversarial/: files every reader must refuse with an error (see ADVERSARIAL below).
Binary references are raw little-endian float32 (.f32).
"""
import json
import pathlib
import struct
import subprocess
import tempfile
import zlib

import librosa
import numpy as np
import soundfile
import torch
from PIL import Image
from scipy.signal import resample_poly

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "MediaTests" / "Fixtures"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # PNG colour type → samples per pixel


# ---------------------------------------------------------------- PNG writing

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def filter_row(kind, row, previous, bpp):
    """One scanline filtered with PNG filter `kind` (0 none, 1 sub, 2 up, 3 average, 4 paeth)."""
    out = bytearray([kind])
    for i, x in enumerate(row):
        a = row[i - bpp] if i >= bpp else 0
        b = previous[i]
        c = previous[i - bpp] if i >= bpp else 0
        predictor = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
        out.append((x - predictor) & 0xFF)
    return bytes(out)


def pack_rows(samples, depth):
    """[height, width, channels] integer samples → packed big-endian scanlines (bytes per row)."""
    rows = []
    for row in samples.reshape(samples.shape[0], -1):
        if depth == 16:
            rows.append(b"".join(struct.pack(">H", int(v)) for v in row))
        elif depth == 8:
            rows.append(bytes(int(v) for v in row))
        else:
            bits = "".join(format(int(v), "0%db" % depth) for v in row)
            bits += "0" * (-len(bits) % 8)
            rows.append(bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8)))
    return rows


def scanlines(samples, depth):
    """Filtered scanlines of one (sub)image, cycling through all five filter types."""
    height, width, channels = samples.shape
    if height == 0 or width == 0:
        return b""
    bpp = max(1, channels * depth // 8)
    rows = pack_rows(samples, depth)
    previous = bytes(len(rows[0]))
    data = b""
    for y, row in enumerate(rows):
        data += filter_row(y % 5, row, previous, bpp)
        previous = row
    return data


def png_bytes(samples, depth, color_type, palette=None, transparency=None, interlace=False):
    height, width, _ = samples.shape
    header = struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, 1 if interlace else 0)
    if interlace:
        raw = b"".join(scanlines(samples[y0::dy, x0::dx], depth) for x0, y0, dx, dy in ADAM7)
    else:
        raw = scanlines(samples, depth)
    body = chunk(b"IHDR", header)
    if palette is not None:
        body += chunk(b"PLTE", bytes(np.asarray(palette, dtype=np.uint8).flatten()))
    if transparency is not None:
        body += chunk(b"tRNS", transparency)
    return PNG_SIGNATURE + body + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


# ---------------------------------------------------------------- expected decoding

def to8(values, depth):
    return np.round(values.astype(np.float64) * 255 / (2 ** depth - 1)).astype(np.int64)


def composite(rgb, alpha):
    return (rgb * alpha[..., None] + 255 * (255 - alpha[..., None]) + 127) // 255


def expected_rgb(samples, depth, color_type, palette=None, transparency=None):
    """The RGB bytes a decoder that follows the module docstring's rules must produce."""
    if color_type == 3:
        rgb = np.asarray(palette)[samples[..., 0]].astype(np.int64)
        alphas = np.full(len(palette), 255)
        if transparency is not None:
            alphas[:len(transparency)] = list(transparency)
        return composite(rgb, alphas[samples[..., 0]]).astype(np.uint8)
    scaled = to8(samples, depth)
    gray = color_type in (0, 4)
    rgb = np.repeat(scaled[..., :1], 3, axis=2) if gray else scaled[..., :3]
    if color_type in (4, 6):
        return composite(rgb, scaled[..., -1]).astype(np.uint8)
    if transparency is not None:
        key = struct.unpack(">%dH" % (len(transparency) // 2), transparency)
        transparent = np.all(samples == np.array(key), axis=2)
        return composite(rgb, np.where(transparent, 0, 255)).astype(np.uint8)
    return rgb.astype(np.uint8)


def make_pngs():
    out = OUT / "png"
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.RandomState(7)
    width, height = 7, 5  # odd sizes exercise partial bytes at low bit depths
    expected = {}

    def add(name, depth, color_type, palette=None, transparency=None, interlace=False, samples=None):
        if samples is None:
            top = len(palette) if color_type == 3 else 2 ** depth
            samples = rng.randint(0, top, size=(height, width, CHANNELS[color_type]))
        (out / (name + ".png")).write_bytes(png_bytes(samples, depth, color_type, palette, transparency, interlace))
        rgb = expected_rgb(samples, depth, color_type, palette, transparency)
        expected[name] = {"width": width, "height": height, "rgb": rgb.flatten().tolist()}
        return samples

    for depth in (1, 2, 4, 8, 16):
        add("gray%d" % depth, depth, 0)
    for depth in (8, 16):
        add("gray_alpha%d" % depth, depth, 4)
        add("rgb%d" % depth, depth, 2)
        add("rgba%d" % depth, depth, 6)
    for depth in (1, 2, 4, 8):
        palette = rng.randint(0, 256, size=(min(2 ** depth, 20), 3))
        add("palette%d" % depth, depth, 3, palette=palette)
    palette = rng.randint(0, 256, size=(6, 3))
    add("palette8_trns", 8, 3, palette=palette, transparency=bytes([0, 128, 255, 37]))
    add("gray8_trns", 8, 0, transparency=struct.pack(">H", 0), samples=rng.randint(0, 3, size=(height, width, 1)))
    rgb = rng.randint(0, 2, size=(height, width, 3)) * 255
    add("rgb8_trns", 8, 2, transparency=struct.pack(">HHH", 255, 0, 255), samples=rgb)
    add("rgb16_trns", 16, 2, transparency=struct.pack(">HHH", 65535, 0, 0),
        samples=rng.randint(0, 2, size=(height, width, 3)) * 65535)
    add("rgb8_interlaced", 8, 2, interlace=True, samples=rng.randint(0, 256, size=(height, width, 3)))
    add("rgba8_interlaced", 8, 6, interlace=True)
    (out / "expected.json").write_text(json.dumps(expected, separators=(",", ":")) + "\n")


def make_resize():
    out = OUT / "resize"
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.RandomState(11)
    cases = {}
    for name, (width, height), (new_width, new_height), method in [
        ("box_37x23_to_16x10", (37, 23), (16, 10), Image.BOX),
        ("box_32x24_to_16x12", (32, 24), (16, 12), Image.BOX),
        ("box_30x30_to_7x7", (30, 30), (7, 7), Image.BOX),
        ("bicubic_9x7_to_20x15", (9, 7), (20, 15), Image.BICUBIC),
        ("bicubic_5x5_to_16x16", (5, 5), (16, 16), Image.BICUBIC),
    ]:
        # A gradient plus noise: smooth enough to look like an image, rough enough to catch off-by-ones.
        y, x = np.mgrid[0:height, 0:width]
        base = np.stack([x * 255 / width, y * 255 / height, (x + y) * 127 / (width + height)], axis=2)
        pixels = np.clip(base + rng.randint(-40, 41, size=base.shape), 0, 255).astype(np.uint8)
        source = Image.fromarray(pixels, "RGB")
        source.save(out / (name + "_source.png"))
        source.resize((new_width, new_height), resample=method).save(out / (name + "_expected.png"))
        cases[name] = {"width": new_width, "height": new_height}
    (out / "manifest.json").write_text(json.dumps(cases, indent=1) + "\n")


# ---------------------------------------------------------------- audio

def speech():
    """espeak-ng speech at its native 22050 Hz, as float64 in [-1, 1)."""
    with tempfile.TemporaryDirectory() as directory:
        path = pathlib.Path(directory) / "speech.wav"
        subprocess.run(["espeak-ng", "-v", "en", "-s", "150", "-w", str(path), "Tessera reads audio."], check=True)
        samples, rate = soundfile.read(path, dtype="int16")
    assert rate == 22050
    return samples.astype(np.float64) / 32768


def quantize(samples):
    return np.clip(np.round(samples * 32768), -32768, 32767).astype(np.int16)


def write_f32(path, values):
    np.asarray(values, dtype="<f4").tofile(path)


def make_audio():
    out = OUT / "audio"
    out.mkdir(parents=True, exist_ok=True)
    voice = speech()
    start = int(0.25 * 22050)
    clip = voice[start:start + int(0.3 * 22050)]
    sources = {
        16000: quantize(resample_poly(clip, 320, 441) * 0.9),
        44100: quantize(resample_poly(clip, 2, 1) * 0.9),
    }
    manifest = {"sources": {}, "resampled": []}
    for rate, samples in sources.items():
        name = "speech_%dk.wav" % (rate // 1000)
        soundfile.write(out / name, samples, rate, subtype="PCM_16")
        manifest["sources"][str(rate)] = name
        decoded = samples.astype(np.float64) / 32768
        for target in (16000, 24000, 44100):
            if target == rate:
                continue
            divisor = np.gcd(rate, target)
            reference = resample_poly(decoded, target // divisor, rate // divisor)
            reference_name = "resampled_%d_to_%d.f32" % (rate, target)
            write_f32(out / reference_name, reference)
            manifest["resampled"].append({"source": name, "rate": target, "reference": reference_name,
                                          "count": len(reference)})
    soundfile.write(out / "speech_16k.flac", sources[16000], 16000, subtype="PCM_16")
    soundfile.write(out / "speech_16k.ogg", sources[16000], 16000, format="OGG", subtype="VORBIS")
    left, right = sources[16000][:400], quantize(np.sin(np.arange(400) * 0.05) * 0.5)
    soundfile.write(out / "stereo_16k.wav", np.stack([left, right], axis=1), 16000, subtype="PCM_16")
    write_f32(out / "stereo_16k_mono.f32", (left.astype(np.float64) / 32768 + right.astype(np.float64) / 32768) / 2)
    manifest.update({"flac": "speech_16k.flac", "ogg": "speech_16k.ogg",
                     "stereo": "stereo_16k.wav", "stereo_mono": "stereo_16k_mono.f32"})
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return sources[16000]


# ---------------------------------------------------------------- spectral

def make_spectral(speech_16k):
    out = OUT / "spectral"
    out.mkdir(parents=True, exist_ok=True)
    samples = speech_16k[:4000].astype(np.float64) / 32768
    n_fft, hop, win = 512, 128, 400
    signal = torch.tensor(samples, dtype=torch.float64)
    spectrum = torch.stft(signal, n_fft, hop_length=hop, win_length=win,
                          window=torch.hann_window(win, dtype=torch.float64),
                          center=True, pad_mode="reflect", return_complex=True)  # [bins, frames]
    write_f32(out / "signal.f32", samples)
    write_f32(out / "stft_real.f32", spectrum.real.numpy())
    write_f32(out / "stft_imaginary.f32", spectrum.imag.numpy())
    banks = []
    for sr, fft, n_mels, fmin, fmax in [(16000, 512, 40, 0.0, None), (22050, 256, 32, 60.0, 10000.0)]:
        filters = librosa.filters.mel(sr=sr, n_fft=fft, n_mels=n_mels, fmin=fmin, fmax=fmax, htk=False, norm="slaney")
        name = "mel_%d_%d_%d.f32" % (sr, fft, n_mels)
        write_f32(out / name, filters)
        banks.append({"sample_rate": sr, "fft_size": fft, "mel_count": n_mels, "minimum_frequency": fmin,
                      "maximum_frequency": fmax, "file": name})
    filters = torch.tensor(librosa.filters.mel(sr=16000, n_fft=n_fft, n_mels=40, norm="slaney"), dtype=torch.float64)
    log_mel = torch.log(filters @ spectrum.abs() + 1e-5)  # [mels, frames]
    write_f32(out / "log_mel.f32", log_mel.numpy())
    manifest = {"sample_rate": 16000, "fft_size": n_fft, "hop_length": hop, "window_length": win,
                "samples": len(samples), "bins": spectrum.shape[0], "frames": spectrum.shape[1],
                "mel_count": 40, "log_floor": 1e-5, "banks": banks}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")


# ---------------------------------------------------------------- adversarial

ADVERSARIAL = """Files every reader must refuse with a one-line error (made by tools/make_media_fixtures.py):
empty.png            zero bytes
truncated.png        a valid 32x32 RGB PNG cut off in the middle of its IDAT chunk
bitflip.png          the same PNG with one bit flipped inside the IDAT data (CRC error)
wav-named.png        a WAV file named .png
huge-header.png      a valid PNG whose IHDR claims 100000x100000 RGB (refused before allocation)
empty.wav            zero bytes
truncated.wav        a valid PCM16 WAV cut off in the middle of its data chunk
lying-size.wav       a valid PCM16 WAV whose data chunk claims ten times the bytes it holds
huge-header.wav      a WAV whose data chunk claims 4 GB in a 100-byte file
bitflip.wav          a valid WAV with one bit flipped in the RIFF form type (WAVE -> WAVG)
png-named.wav        a PNG file named .wav
"""


def make_adversarial(speech_16k):
    out = OUT / "adversarial"
    out.mkdir(parents=True, exist_ok=True)
    (out / "README.txt").write_text(ADVERSARIAL)
    rng = np.random.RandomState(3)
    valid_png = png_bytes(rng.randint(0, 256, size=(32, 32, 3)), 8, 2)
    idat = valid_png.index(b"IDAT")
    (out / "empty.png").write_bytes(b"")
    (out / "truncated.png").write_bytes(valid_png[:idat + 200])
    flipped = bytearray(valid_png)
    flipped[idat + 100] ^= 0x10
    (out / "bitflip.png").write_bytes(bytes(flipped))
    huge = struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0)
    (out / "huge-header.png").write_bytes(PNG_SIGNATURE + chunk(b"IHDR", huge)
                                          + chunk(b"IDAT", zlib.compress(bytes(64))) + chunk(b"IEND", b""))

    pcm = speech_16k[:1000].astype("<i2").tobytes()

    def wav(data, declared=None, form=b"WAVE"):
        declared = len(data) if declared is None else declared
        fmt = struct.pack("<HHIIHH", 1, 1, 16000, 32000, 2, 16)
        return (b"RIFF" + struct.pack("<I", 36 + len(data)) + form + b"fmt " + struct.pack("<I", 16) + fmt
                + b"data" + struct.pack("<I", declared) + data)

    (out / "wav-named.png").write_bytes(wav(pcm))
    (out / "empty.wav").write_bytes(b"")
    (out / "truncated.wav").write_bytes(wav(pcm)[:1200])
    (out / "lying-size.wav").write_bytes(wav(pcm, declared=len(pcm) * 10))
    (out / "huge-header.wav").write_bytes(wav(pcm[:56], declared=0xFFFFFFF0))
    (out / "bitflip.wav").write_bytes(wav(pcm, form=b"WAVG"))
    (out / "png-named.wav").write_bytes(valid_png)


def main():
    make_pngs()
    make_resize()
    speech_16k = make_audio()
    make_spectral(speech_16k)
    make_adversarial(speech_16k)
    total = sum(path.stat().st_size for path in OUT.rglob("*") if path.is_file())
    print("wrote %s (%d KB)" % (OUT.relative_to(ROOT), total // 1024))


if __name__ == "__main__":
    main()
