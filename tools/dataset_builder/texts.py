"""Real sentences from text Debian ships: English from licences and docs, other languages from gettext catalogues.

Only files of packages every Debian system has (base-files, apt, dpkg, coreutils, …) or that
tools/install-dataset-deps.sh installs are read, so the same machine setup gives the same text."""
import gettext
import gzip
import hashlib
import pathlib
import re

from .common import stable_fraction

ENGLISH_SOURCES = [
    "/usr/share/common-licenses/*",
    "/usr/share/doc/base-files/FAQ",
    "/usr/share/doc/base-files/README",
    "/usr/share/doc/sox/README.gz",
    "/usr/share/doc/sound-theme-freedesktop/README",
    "/usr/share/doc/espeak-ng/README.md.gz",
    "/usr/share/doc/espeak-ng/docs/*.md*",
]
# gettext domains of essential or required packages, and the espeak-ng voice reading each language.
CATALOGUE_DOMAINS = ["apt", "libapt-pkg6.0", "dpkg", "coreutils", "bash", "tar", "grep", "sed",
                     "findutils", "diffutils", "shadow", "Linux-PAM", "adduser"]
LANGUAGES = {"de": "de", "fr": "fr-fr", "es": "es", "it": "it", "nl": "nl", "pt_BR": "pt-br",
             "pl": "pl", "sv": "sv", "ru": "ru"}
MINIMUM_WORDS, MAXIMUM_WORDS = 4, 20
ENGLISH_WORD = re.compile(r"^[A-Za-z][A-Za-z'’-]*$|^\d+$")
QUOTES = "\"“”‘’'()"


def read_text(path):
    """A text file's contents (gunzipped if it ends in .gz), undecodable bytes replaced."""
    raw = gzip.open(path).read() if path.suffix == ".gz" else path.read_bytes()
    return raw.decode("utf-8", "replace")


def strip_markdown(text):
    """Markdown reduced to prose: code, links, tags, headings and list markers removed."""
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = re.sub(r"`[^`]*`", "", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"^\s*#+\s.*$", "", text, flags=re.M)
    text = re.sub(r"^\s*([-*+]|\d+\.)\s+", "\n\n", text, flags=re.M)
    return re.sub(r"[*_]{1,2}", "", text)


def well_formed(sentence):
    """Shared rules: 4–20 words, a capital first, a full stop (or ! ?) last, no markup, no
    camelCase or ALL-CAPS placeholder, balanced parentheses."""
    words = sentence.split()
    if not MINIMUM_WORDS <= len(words) <= MAXIMUM_WORDS:
        return False
    if not sentence[0].isupper() or not sentence.endswith((".", "!", "?")):
        return False
    if re.search(r"[%{}<>\[\]/\\=_|`@#$*~^]|--|\.\.|::|https?:|[a-z][A-Z]", sentence):
        return False
    if sentence.count("(") != sentence.count(")"):
        return False
    return not any(capital_run(word) for word in words)


def capital_run(word):
    """True if `word` has two capitals in a row, in any script: an acronym or a placeholder like FILE(s)."""
    return any(first.isupper() and second.isupper() for first, second in zip(word, word[1:]))


def english_sentences_in(text):
    """Sentences of plain English words (letters, apostrophes, hyphens, numbers, light punctuation)."""
    found = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = " ".join(paragraph.split())
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", paragraph):
            words = (word.strip(QUOTES).rstrip(".,;:!?").strip(QUOTES) for word in sentence.split())
            if well_formed(sentence) and all(ENGLISH_WORD.match(word) for word in words):
                found.append(sentence)
    return found


def source_files(patterns):
    """The existing regular files matching `patterns`, sorted within each pattern, symlinks resolved once."""
    files, seen = [], set()
    for pattern in patterns:
        pattern = pathlib.Path(pattern)
        for path in sorted(pattern.parent.glob(pattern.name)):
            if path.is_file() and path.resolve() not in seen:
                seen.add(path.resolve())
                files.append(path)
    return files


def pick(sentences, count, salt):
    """Up to `count` of `sentences` (a dict text → source), chosen and ordered by a stable hash."""
    ranked = sorted(sentences, key=lambda text: (stable_fraction(salt + text), text))
    return [(text, sentences[text]) for text in ranked[:count]]


def english_sentences(count, sources_used):
    """[(sentence, source path)] in English; each file read is added to `sources_used` with its SHA-256."""
    sentences = {}
    for path in source_files(ENGLISH_SOURCES):
        text = read_text(path)
        if ".md" in path.suffixes:
            text = strip_markdown(text)
        sources_used[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        for sentence in english_sentences_in(text):
            sentences.setdefault(sentence, str(path))
    return pick(sentences, count, "sentence:en:")


def catalogue_sentences(locale, count, sources_used):
    """[(sentence, source path)] from the translations in /usr/share/locale/<locale>/LC_MESSAGES/*.mo."""
    sentences = {}
    for domain in CATALOGUE_DOMAINS:
        path = pathlib.Path(f"/usr/share/locale/{locale}/LC_MESSAGES/{domain}.mo")
        if not path.is_file():
            continue
        sources_used[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        with path.open("rb") as file:
            catalogue = gettext.GNUTranslations(file)._catalog
        for translation in sorted(value for key, value in catalogue.items() if isinstance(key, str) and key):
            sentence = " ".join(translation.split())
            if well_formed(sentence) and not re.search(r"\d|'-|\"-", sentence):
                sentences.setdefault(sentence, str(path))
    return pick(sentences, count, f"sentence:{locale}:")
