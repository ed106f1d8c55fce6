#!/usr/bin/env bash
# Peak memory (max RSS from /usr/bin/time -v) of `tessera media` reading a 10-megapixel PNG and a
# 10-minute WAV, against their decoded sizes. The inputs are generated in a temporary directory
# (never committed). "Decoded" is the RGB8 image (3 bytes/pixel) or the mono float samples
# (4 bytes/frame). Usage: bash tools/measure_media_memory.sh   (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product tessera >/dev/null
tessera="$PWD/.build/release/tessera"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import struct, sys, wave, zlib
import numpy as np
work = sys.argv[1]
rng = np.random.default_rng(0)
width, height = 3872, 2592  # 10.04 megapixels
def png(path, channels):
    y, x = np.mgrid[0:height, 0:width]
    base = np.stack([x * 255 // width, y * 255 // height, (x + y) * 255 // (width + height), 255 - x * 128 // width][:channels], axis=2)
    pixels = np.clip(base + rng.integers(-20, 21, size=base.shape), 0, 255).astype(np.uint8)
    rows = np.concatenate([np.zeros((height, 1), np.uint8), pixels.reshape(height, -1)], axis=1)
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2 if channels == 3 else 6, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows.tobytes(), 6)) + chunk(b"IEND", b""))
png(f"{work}/rgb.png", 3)
png(f"{work}/rgba.png", 4)
rate = 44100
t = np.arange(rate * 600) / rate
for channels in (1, 2):
    signal = 0.3 * np.sin(2 * np.pi * 220 * t) + 0.05 * rng.standard_normal(t.size)
    frames = np.repeat(signal[:, None], channels, axis=1)
    with wave.open(f"{work}/speech{channels}.wav", "wb") as f:
        f.setnchannels(channels); f.setsampwidth(2); f.setframerate(rate)
        f.writeframes((frames * 32767).astype("<i2").tobytes())
PY

measure() {  # label, decoded bytes, command...
    local label=$1 decoded=$2; shift 2
    local peak
    peak=$( { /usr/bin/time -v "$@" >/dev/null; } 2>&1 | awk '/Maximum resident set size/ {print $6}')
    awk -v label="$label" -v peak="$peak" -v decoded="$decoded" 'BEGIN {
        if (decoded == 0) { printf "%-46s peak %7.1f MB\n", label, peak / 1024; exit }
        printf "%-46s peak %7.1f MB  decoded %6.1f MB  ratio %.2f\n", label, peak / 1024, decoded / 1048576, peak * 1024 / decoded }'
}
pixels=$((3872 * 2592))
frames=$((44100 * 600))
measure "baseline: media info (tiny PNG)" 0 "$tessera" media info Tests/MediaTests/Fixtures/png/rgb8.png
measure "media info 10 MP RGB PNG (full decode)" $((pixels * 3)) "$tessera" media info "$work/rgb.png"
measure "media info 10 MP RGBA PNG (full decode)" $((pixels * 3)) "$tessera" media info "$work/rgba.png"
measure "media convert 10 MP RGBA PNG -> PNG" $((pixels * 3)) "$tessera" media convert "$work/rgba.png" "$work/out.png"
measure "media convert 10 MP PNG --size 1024" $((pixels * 3)) "$tessera" media convert "$work/rgb.png" "$work/small.png" --size 1024
measure "media info 10 min mono WAV (streamed)" $((frames * 4)) "$tessera" media info "$work/speech1.wav"
measure "media convert 10 min mono WAV -> WAV" $((frames * 4)) "$tessera" media convert "$work/speech1.wav" "$work/out1.wav"
measure "media convert 10 min stereo WAV -> mono WAV" $((frames * 4)) "$tessera" media convert "$work/speech2.wav" "$work/out2.wav"
measure "media convert 10 min WAV -> 16 kHz WAV" $((frames * 4)) "$tessera" media convert "$work/speech1.wav" "$work/out3.wav" --sample-rate 16000
measure "media convert 10 min WAV -> 48 kHz float WAV" $((frames * 4)) "$tessera" media convert "$work/speech1.wav" "$work/out4.wav" --sample-rate 48000 --float32
