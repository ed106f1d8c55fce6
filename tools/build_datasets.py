#!/usr/bin/env python3
"""Builds Tessera's default datasets from Debian-packaged media, deterministically.

Usage: python3 tools/build_datasets.py [--out DIR] [--image-size N ...] [--limit-images N]
                                       [--limit-speech N] [--workers N]
Install the media first: tools/install-dataset-deps.sh. Needs numpy and Pillow.

Writes into DIR (default .cache/datasets):
  images-<size>/*.png            clip art (openclipart-png) and emoji (fonts-noto-color-emoji), square, on white
  speech/*.wav                   24 kHz mono: espeak-ng reading captions and real sentences, and desktop sounds
  images-<size>-<split>.jsonl    {"image", "caption", "source", "origin"}
  speech-<split>.jsonl           {"audio", "text", "voice", "kind", "language", "speed", "duration"}
  documents-<size>-<split>.jsonl {"parts": [{"text"}, {"image"|"audio"}]} in both orders
  summary.json                   counts per source and split, audio duration, sizes, sources
with <split> = train or heldout. Running it again gives the same bytes. See docs/datasets.md.
"""
import argparse
import pathlib
import shutil
import subprocess
import sys
import time

import numpy
import PIL

from dataset_builder import audio, clipart, emoji, images, manifests, speech, splits

REQUIRED_FILES = {
    clipart.PNG_ROOT: "openclipart-png", clipart.SVG_ROOT: "openclipart-svg",
    emoji.FONT: "fonts-noto-color-emoji", emoji.EMOJI_TEST: "unicode-data",
    pathlib.Path(speech.SOUND_FOLDERS["freedesktop"]): "sound-theme-freedesktop",
    pathlib.Path(speech.SOUND_FOLDERS["alsa"]): "alsa-utils",
}
PACKAGES = ["openclipart-png", "openclipart-svg", "fonts-noto-color-emoji", "unicode-data", "espeak-ng",
            "espeak-ng-data", "sound-theme-freedesktop", "alsa-utils", "sox", "base-files"]


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path(".cache/datasets"),
                        help="output folder (default .cache/datasets)")
    parser.add_argument("--image-size", type=int, action="append", dest="sizes", metavar="N",
                        help="square image side in pixels; repeat for several (default: 64 and 128)")
    parser.add_argument("--limit-images", type=int, metavar="N", help="keep at most N images (default: all)")
    parser.add_argument("--limit-speech", type=int, default=4000, metavar="N",
                        help="at most N spoken clips (captions + sentences; default 4000, 0 = no limit); "
                             "the desktop sounds are always added")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    arguments = parser.parse_args()
    arguments.sizes = sorted(set(arguments.sizes or [64, 128]))
    if any(size < 8 or size > 1024 for size in arguments.sizes):
        parser.error("--image-size must be between 8 and 1024")
    for name in ("limit_images", "limit_speech"):
        value = getattr(arguments, name)
        if value is not None and value < 0:
            parser.error(f"--{name.replace('_', '-')} must not be negative")
    arguments.limit_images = arguments.limit_images or None
    arguments.limit_speech = arguments.limit_speech or None
    return arguments


def check_inputs():
    """Stops with one line naming the missing package if a media source is not installed."""
    missing = sorted({package for path, package in REQUIRED_FILES.items() if not path.exists()})
    if shutil.which("espeak-ng") is None:
        missing.append("espeak-ng")
    if missing:
        sys.exit(f"build_datasets: missing {', '.join(missing)}: run tools/install-dataset-deps.sh")
    if not audio.sox_available():
        print("build_datasets: sox not found: resampling speech in Python, skipping the .oga sounds", file=sys.stderr)


def environment():
    """Versions of the packages and libraries the output depends on."""
    query = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Version}\n", *PACKAGES],
                           capture_output=True, text=True).stdout
    versions = dict(line.split(" ", 1) for line in query.splitlines() if " " in line)
    versions.update({"python-numpy": numpy.__version__, "python-pillow": PIL.__version__})
    return dict(sorted(versions.items()))


def main():
    arguments = parse_arguments()
    check_inputs()
    started = time.monotonic()
    out = arguments.out
    out.mkdir(parents=True, exist_ok=True)
    image_records, rejected = images.build_images(out, arguments.sizes, arguments.limit_images, arguments.workers)
    sources_used = {}
    clips = speech.build_speech(out, image_records, arguments.limit_speech, arguments.workers, sources_used)
    splits.assign_splits([image_records, clips])
    manifests.write_manifests(out, image_records, clips, arguments.sizes)
    removed = manifests.remove_stale_files(out, image_records, clips, arguments.sizes)
    result = manifests.summary(out, image_records, rejected, clips, arguments.sizes, sources_used, environment())
    print_summary(result, removed, time.monotonic() - started, out)


def print_summary(result, removed, seconds, out):
    """A short human-readable summary on stderr."""
    lines = [f"datasets in {out} ({seconds:.0f} s, {result['bytes']['total'] / 2**20:.0f} MiB):"]
    for source, counts in result["images"]["by_source"].items():
        lines.append(f"  images {source:12} train {counts['train']:6}  heldout {counts['heldout']:5}")
    lines.append(f"  images skipped: {result['images']['skipped']}")
    for kind, counts in result["speech"]["by_kind"].items():
        duration = sum(result["speech"]["seconds_by_kind"][kind].values()) / 60
        lines.append(f"  speech {kind:12} train {counts['train']:6}  heldout {counts['heldout']:5}  {duration:6.1f} min")
    lines.append(f"  audio total {result['speech']['total_seconds'] / 3600:.2f} h; documents {result['documents']}")
    if removed:
        lines.append(f"  removed {removed} files left by an earlier run")
    print("\n".join(lines), file=sys.stderr)


if __name__ == "__main__":
    try:
        main()
    except (OSError, RuntimeError, subprocess.CalledProcessError) as error:
        detail = error.stderr.decode(errors="replace").strip() if getattr(error, "stderr", None) else ""
        sys.exit(f"build_datasets: error: {error}{': ' + detail if detail else ''}")
