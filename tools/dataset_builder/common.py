"""Small helpers shared by the dataset builder: stable hashes, atomic files, progress, a worker pool."""
import hashlib
import json
import multiprocessing
import os
import pathlib
import re
import sys
import tempfile
import time
import unicodedata


def stable_fraction(key):
    """A number in [0, 1) fixed by `key` alone (SHA-256), the same on every machine and run."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def short_hash(text, length=12):
    """The first `length` hex digits of the SHA-256 of `text`."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def ascii_slug(text, separator="-"):
    """`text` folded to lowercase ASCII words joined by `separator` ("Moisés Rincón" → "moises-rincon")."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", separator, plain).strip(separator)


def write_atomically(path, data):
    """Writes bytes to `path` through a temporary file in the same folder and a rename."""
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix="." + path.name + ".")
    try:
        with os.fdopen(handle, "wb") as output:
            output.write(data)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def write_jsonl(path, records):
    """Writes one compact JSON object per line (keys in the given order, UTF-8), atomically."""
    lines = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n" for record in records)
    write_atomically(path, "".join(lines).encode("utf-8"))


class Progress:
    """One progress line on stderr: rewritten in place on a terminal, printed every few seconds otherwise."""

    def __init__(self, label, total):
        self.label, self.total = label, total
        self.start = self.last = time.monotonic()
        self.terminal = sys.stderr.isatty()

    def update(self, done, note=""):
        """Shows `done` of `total` (and a short note) if enough time has passed since the last line."""
        now = time.monotonic()
        if done < self.total and now - self.last < (0.2 if self.terminal else 5.0):
            return
        self.last = now
        line = f"[{self.label}] {done}/{self.total} {note} {now - self.start:.0f}s"
        sys.stderr.write(("\r" + line + "\033[K") if self.terminal else line + "\n")
        if self.terminal and done >= self.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def ordered_map(function, items, workers):
    """Yields `function(item)` for each item in order, computed by `workers` processes."""
    if workers <= 1:
        yield from map(function, items)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(function, items, chunksize=8)
