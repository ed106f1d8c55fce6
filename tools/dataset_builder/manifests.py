"""Writes the JSONL manifests (images, speech, interleaved documents) per split and the summary."""
import json
import os
import re

from .common import stable_fraction, write_atomically, write_jsonl

SPLITS = ["train", "heldout"]


def image_entry(record, size):
    """One images-<size> manifest line."""
    return {"image": f"images-{size}/{record['id']}.png", "caption": record["caption"],
            "source": record["source"], "origin": record["origin"]}


def speech_entry(record):
    """One speech manifest line."""
    return {"audio": f"speech/{record['id']}.wav", "text": record["text"], "voice": record["voice"],
            "kind": record["kind"], "language": record["language"], "speed": record["speed"],
            "duration": record["duration"]}


def paired_documents(key, text, media):
    """The two orders of one text–media pair as (sort key, document): text first and media first."""
    return [(stable_fraction("document:text-first:" + key), {"parts": [{"text": text}, media]}),
            (stable_fraction("document:media-first:" + key), {"parts": [media, {"text": text}]})]


def documents(images, clips, size):
    """Every image and clip as a text→media and a media→text document, in a stable shuffled order."""
    keyed = []
    for record in images:
        keyed += paired_documents(record["id"], record["caption"], {"image": f"images-{size}/{record['id']}.png"})
    for record in clips:
        keyed += paired_documents(record["id"], record["text"], {"audio": f"speech/{record['id']}.wav"})
    return [document for _, document in sorted(keyed, key=lambda pair: pair[0])]


def write_manifests(out, images, clips, sizes):
    """Writes images-<size>-<split>.jsonl, speech-<split>.jsonl and documents-<size>-<split>.jsonl."""
    for split in SPLITS:
        split_images = [record for record in images if record["split"] == split]
        split_clips = [record for record in clips if record["split"] == split]
        for size in sizes:
            write_jsonl(out / f"images-{size}-{split}.jsonl", (image_entry(r, size) for r in split_images))
            write_jsonl(out / f"documents-{size}-{split}.jsonl", documents(split_images, split_clips, size))
        write_jsonl(out / f"speech-{split}.jsonl", (speech_entry(record) for record in split_clips))


def remove_stale_files(out, images, clips, sizes):
    """Deletes what an earlier run left that this run does not list: PNG/WAV files in the builder's
    folders (and the folders and manifests of image sizes not built this time). Returns the file count."""
    wanted = {f"images-{size}/{record['id']}.png" for size in sizes for record in images}
    wanted |= {f"speech/{record['id']}.wav" for record in clips}
    wanted_manifests = {f"{kind}-{size}-{split}.jsonl" for kind in ("images", "documents")
                        for size in sizes for split in SPLITS}
    removed = 0
    for entry in sorted(os.listdir(out)):
        path = out / entry
        if path.is_dir() and (entry == "speech" or re.fullmatch(r"images-\d+", entry)):
            for name in sorted(os.listdir(path)):
                if f"{entry}/{name}" not in wanted and name.endswith((".png", ".wav")):
                    os.unlink(path / name)
                    removed += 1
            if not os.listdir(path):
                os.rmdir(path)
        elif re.fullmatch(r"(images|documents)-\d+-(train|heldout)\.jsonl", entry) and entry not in wanted_manifests:
            os.unlink(path)
            removed += 1
    return removed


def count_by(records, *fields):
    """Nested counts {field value: {split: n}} with totals, for the summary."""
    counts = {}
    for record in records:
        key = "/".join(str(record[field]) for field in fields)
        counts.setdefault(key, {split: 0 for split in SPLITS})[record["split"]] += 1
    return dict(sorted(counts.items()))


def folder_bytes(path):
    """Total size in bytes of the files directly in `path` (0 if it does not exist)."""
    return sum(entry.stat().st_size for entry in os.scandir(path) if entry.is_file()) if path.is_dir() else 0


def summary(out, images, rejected, clips, sizes, sources_used, environment):
    """The summary dictionary (deterministic: no times), also written to summary.json."""
    seconds = {}
    for record in clips:
        entry = seconds.setdefault(record["kind"], {split: 0.0 for split in SPLITS})
        entry[record["split"]] += record["duration"]
    result = {
        "images": {"by_source": count_by(images, "source"), "skipped": dict(sorted(rejected.items())),
                   "upscaled_from_smaller_than_largest_size": sum(r["square"] < max(sizes) for r in images)},
        "speech": {"by_kind": count_by(clips, "kind"), "by_language": count_by(clips, "kind", "language"),
                   "voices": sorted({r["voice"] for r in clips if r["voice"]}),
                   "seconds_by_kind": {kind: {s: round(v, 2) for s, v in entry.items()} for kind, entry in sorted(seconds.items())},
                   "total_seconds": round(sum(r["duration"] for r in clips), 2),
                   "quietest_rms_dbfs": min((r["rms_dbfs"] for r in clips), default=None),
                   "clips_at_full_scale": sum(r["peak"] >= 0.9999 for r in clips)},
        "documents": {split: 2 * sum(r["split"] == split for r in images + clips) for split in SPLITS},
        "bytes": {folder: folder_bytes(out / folder) for folder in [f"images-{s}" for s in sizes] + ["speech"]},
        "text_sources": dict(sorted(sources_used.items())),
        "environment": environment,
    }
    result["bytes"]["total"] = sum(path.stat().st_size for path in out.rglob("*")
                                   if path.is_file() and path.name != "summary.json")
    write_atomically(out / "summary.json", (json.dumps(result, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return result
