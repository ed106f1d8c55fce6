"""Clip art from Debian's openclipart-png, captioned from its file names and folders.

A file name is `<title>_<author>_NN.png`, cut to 24 characters before the `_NN` id, so the
author (and sometimes the end of the title) is truncated. The author is known exactly from
the same drawing's SVG metadata (openclipart-svg, `<dc:creator>`), which lets us drop the
author suffix reliably; the SVG's `<dc:title>` restores a title the cut shortened."""
import pathlib
import re
from xml.sax.saxutils import unescape

from .common import ascii_slug

PNG_ROOT = pathlib.Path("/usr/share/openclipart/png")
SVG_ROOT = pathlib.Path("/usr/share/openclipart/svg")
NAME_LIMIT = 24                               # file names were cut to this many characters
IDENTIFIER = re.compile(r"_(\d\d)[a-z]?$")     # the `_01` id after a (possibly cut) name
GENERIC_FOLDERS = {"unsorted", "special", "misc", "icons"}


def clipart_files():
    """Relative paths (str) of every PNG in openclipart-png, sorted."""
    return sorted(str(path.relative_to(PNG_ROOT)) for path in PNG_ROOT.rglob("*.png"))


def svg_metadata(relative_png):
    """(title, creator) from the matching SVG's RDF metadata; None for whatever is missing."""
    svg = SVG_ROOT / pathlib.Path(relative_png).with_suffix(".svg")
    try:
        head = svg.read_text(encoding="utf-8", errors="replace")[:40000]
    except OSError:
        return None, None
    work = re.search(r"<cc:Work\b.*?</cc:Work>", head, re.S)
    if not work:
        return None, None
    title = re.search(r"<dc:title>(.*?)</dc:title>", work.group(0), re.S)
    creator = re.search(r"<dc:creator>.*?<dc:title>(.*?)</dc:title>", work.group(0), re.S)
    clean = lambda match: " ".join(unescape(match.group(1)).split()) if match else None
    return clean(title), clean(creator)


def title_words(stem, creator):
    """The words of a file stem without its `_NN` id and without the author suffix."""
    identifier = IDENTIFIER.search(stem)
    base = stem[:identifier.start()] if identifier else stem
    cut = len(base) >= NAME_LIMIT - 1
    if identifier and (cut or identifier.group(1).startswith("0")):
        stem = base
    words = [word for word in stem.strip("_").split("_") if word]
    author = ascii_slug(creator, "_") if creator else ""
    if author:
        for start in range(len(words)):
            tail = ascii_slug(" ".join(words[start:]), "_")
            if tail == author or (cut and author.startswith(tail) and len(tail) >= 2):
                return words[:start]
    return words


def caption_title(relative_png):
    """(title, creator) for one clip art file: cleaned file-name words, completed from the SVG title when cut."""
    stem = pathlib.Path(relative_png).stem
    metadata_title, creator = svg_metadata(relative_png)
    words = title_words(stem, creator)
    title = plain_words(" ".join(words))
    if metadata_title and title and ascii_slug(metadata_title).startswith(ascii_slug(title)):
        if len(metadata_title) <= 60:
            title = plain_words(metadata_title)
    return title, creator


def plain_words(text):
    """Lowercase words with punctuation other than apostrophes and inner dots turned to spaces."""
    return " ".join(re.sub(r"[^\w'.]|_|\.(?!\w)", " ", text.lower()).split())


def folder_words(relative_png):
    """The folders above a file as caption words ("animals/birds" → ["animals", "birds"])."""
    folders = pathlib.Path(relative_png).parent.parts
    return [plain_words(folder) for folder in folders if folder not in GENERIC_FOLDERS]


def clipart_caption(relative_png):
    """(caption, group title) e.g. ("cigno (animals, birds)", "cigno"); the folder alone when no title is left."""
    title, _ = caption_title(relative_png)
    folders = folder_words(relative_png)
    if not title:
        title = folders[-1] if folders else "clip art"
    context = [folder for folder in folders if folder != title]
    caption = f"{title} ({', '.join(context)})" if context else title
    return caption, title
