"""Builds images-<size>/ from clip art and emoji: square, white-backed, de-duplicated PNGs with captions."""
import hashlib
import re
from collections import Counter

from PIL import Image

from . import clipart, emoji
from .common import Progress, ascii_slug, ordered_map, short_hash, stable_fraction, write_atomically
from .imaging import Rejected, square_pngs

MAXIMUM_PIXELS = 256 * 1024 * 1024   # Debian's files are trusted; only two stop signs (623 Mpx) exceed this
Image.MAX_IMAGE_PIXELS = None
SERIES_LIMIT = 64   # images kept per series (group with numbers removed): 1378 generated star polygons otherwise


def clipart_identifiers(paths):
    """{path: "clip-<folders>-<name>"}; names that slug alike ("viewmag+", "viewmag-") get a hash of the path appended."""
    slugs = {path: "clip-" + ascii_slug(path.removesuffix(".png")) for path in paths}
    shared = Counter(slugs.values())
    return {path: slug + ("-" + short_hash(path, 8) if shared[slug] > 1 else "") for path, slug in slugs.items()}


def image_jobs():
    """Every candidate picture as a small dict, in a fixed pseudo-random order (so a limit samples both sources)."""
    identifiers = clipart_identifiers(clipart.clipart_files())
    jobs = [{"source": "openclipart", "origin": path, "id": identifier} for path, identifier in identifiers.items()]
    jobs += [{"source": "emoji", "origin": " ".join(f"U+{c:04X}" for c in codepoints), "name": name,
              "codepoints": codepoints, "id": emoji.emoji_identifier(codepoints)}
             for codepoints, name in emoji.emoji_sequences()]
    return sorted(jobs, key=lambda job: (stable_fraction("order:" + job["id"]), job["id"]))


def process_image(job, sizes):
    """Renders one job: the job plus caption, group and PNG bytes, or plus "rejected" and the reason."""
    result = dict(job)
    try:
        if job["source"] == "emoji":
            result["caption"], group = emoji.emoji_caption(job["name"])
            picture = emoji.render_emoji(job["codepoints"])
            if picture is None:
                raise Rejected("not one glyph in the font")
        else:
            result["caption"], group = clipart.clipart_caption(job["origin"])
            with Image.open(clipart.PNG_ROOT / job["origin"]) as opened:
                if opened.width * opened.height > MAXIMUM_PIXELS:
                    raise Rejected("too large")
                opened.load()
                picture = opened.copy()
        result["group"] = f"{job['source']}:{group}"
        result["pngs"], pixels, result["square"] = square_pngs(picture, sizes)
        result["fingerprint"] = hashlib.sha256(pixels).hexdigest()
    except Rejected as reason:
        result["rejected"] = str(reason)
    except (OSError, ValueError) as error:
        result["rejected"] = f"unreadable ({type(error).__name__})"
    return result


def _process(arguments):
    return process_image(*arguments)


def build_images(out, sizes, limit, workers):
    """Writes images-<size>/<id>.png for up to `limit` pictures; returns (records, rejections by reason)."""
    jobs = image_jobs()
    progress = Progress("images", min(limit, len(jobs)) if limit else len(jobs))
    records, rejected, fingerprints, series = [], {}, set(), {}
    for result in ordered_map(_process, ((job, sizes) for job in jobs), workers):
        if "rejected" not in result and result["fingerprint"] in fingerprints:
            result["rejected"] = "duplicate"
        if "rejected" not in result:
            name = " ".join(re.sub(r"\d+", " ", result["group"]).split())
            series[name] = series.get(name, 0) + 1
            if series[name] > SERIES_LIMIT:
                result["rejected"] = "series limit"
        if "rejected" in result:
            rejected[result["rejected"]] = rejected.get(result["rejected"], 0) + 1
        else:
            fingerprints.add(result["fingerprint"])
            for size, data in result.pop("pngs").items():
                write_atomically(out / f"images-{size}" / f"{result['id']}.png", data)
            result.pop("codepoints", None)
            records.append(result)
        done = len(records) if limit else len(records) + sum(rejected.values())
        if limit and len(records) >= limit:
            done = progress.total
        progress.update(done, f"kept {len(records)}, skipped {sum(rejected.values())}")
        if done >= progress.total:
            break
    return sorted(records, key=lambda record: record["id"]), rejected
