"""Emoji from Debian's fonts-noto-color-emoji, named by Unicode's emoji-test.txt (unicode-data).

Every fully-qualified sequence in emoji-test.txt is drawn with Pillow from the font's colour
bitmaps at their native size (109 px → a 136×128 strike); a sequence the font cannot draw as
one glyph is left out. The caption is the sequence's CLDR short name ("man technologist:
medium skin tone" → "man technologist, medium skin tone")."""
import pathlib
import re

from PIL import Image, ImageDraw, ImageFont

FONT = pathlib.Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")
EMOJI_TEST = pathlib.Path("/usr/share/unicode/emoji/emoji-test.txt")
NATIVE_SIZE = 109
LINE = re.compile(r"^([0-9A-F ]+?)\s*;\s*fully-qualified\s*#\s*\S+\s+E\d+\.\d+\s+(.+)$")
SKIN_TONE = re.compile(r"(,\s*)?\b(light|medium-light|medium|medium-dark|dark) skin tone\b")

_font = None


def emoji_sequences():
    """[(codepoints tuple, name)] for every fully-qualified emoji in emoji-test.txt, in file order."""
    entries = []
    for line in EMOJI_TEST.read_text(encoding="utf-8").splitlines():
        match = LINE.match(line)
        if match:
            codepoints = tuple(int(value, 16) for value in match.group(1).split())
            entries.append((codepoints, match.group(2).strip()))
    return entries


def emoji_identifier(codepoints):
    """A file-name id such as "emoji-1f468-200d-1f4bb" (variation selector U+FE0F left out)."""
    return "emoji-" + "-".join(f"{codepoint:04x}" for codepoint in codepoints if codepoint != 0xFE0F)


def emoji_caption(name):
    """(caption, group title): "flag: Singapore" → "flag, Singapore"; the group drops skin tones."""
    caption = " ".join(name.replace(":", ",").split())
    group = SKIN_TONE.sub("", caption).strip(" ,")
    return caption, group


def render_emoji(codepoints):
    """The emoji as an RGBA image at the font's native bitmap size, or None if it is not one glyph."""
    global _font
    if _font is None:
        _font = ImageFont.truetype(str(FONT), NATIVE_SIZE, layout_engine=ImageFont.Layout.RAQM)
    text = "".join(map(chr, codepoints))
    single = _font.getlength("\U0001F600")
    if _font.getlength(text) > 1.5 * single:
        return None
    left, top, right, bottom = _font.getbbox(text)
    image = Image.new("RGBA", (right - left, bottom - top), (0, 0, 0, 0))
    ImageDraw.Draw(image).text((-left, -top), text, font=_font, embedded_color=True)
    return image
