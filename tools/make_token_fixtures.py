#!/usr/bin/env python3
"""Writes token-file fixtures (valid and adversarial) and adversarial inputs for text tokenization.

Usage: python3 tools/make_token_fixtures.py   (standard library only)

- Tests/FormatsTests/Fixtures/token-files/mixed.tok: a valid file with a checksum, global ids and a
  text, an image and an audio segment, laid out here byte by byte; mixed.json holds what it contains.
- Tests/FormatsTests/Fixtures/adversarial-tok/*.tok: token files that break one rule each of
  docs/token-file-format.md, laid out here byte by byte (independently of the Swift writer), and
  expected.json mapping each file name to a phrase its error must contain. Files named
  fuzz-*.tok are inputs that once crashed the reader under the fuzzer; they are kept, not written here.
- Tests/TextTokenizerTests/Fixtures/adversarial/: a text file that is not UTF-8, and broken
  SentencePiece models (empty, cut off, garbage).
"""
import hashlib
import json
import pathlib
import struct

ROOT = pathlib.Path(__file__).resolve().parent.parent
VALID = ROOT / "Tests" / "FormatsTests" / "Fixtures" / "token-files"
TOK = ROOT / "Tests" / "FormatsTests" / "Fixtures" / "adversarial-tok"
TEXT = ROOT / "Tests" / "TextTokenizerTests" / "Fixtures" / "adversarial"

MAGIC = b"TESSTOK\0"
TEXT_MODALITY, IMAGE_MODALITY, AUDIO_MODALITY = 1, 2, 3


def header(version=1, flags=0, checksum=b"", global_size=None, segments=1):
    data = MAGIC + struct.pack("<II", version, flags) + checksum
    if global_size is not None:
        data += struct.pack("<I", global_size)
    return data + struct.pack("<I", segments)


def segment(modality, shape, codebook, codes, ids=None, rank=None, reserved=0):
    data = struct.pack("<BBHI", modality, len(shape) if rank is None else rank, reserved, codebook)
    data += b"".join(struct.pack("<Q", dimension) for dimension in shape)
    data += b"".join(struct.pack("<I", code) for code in codes)
    data += b"".join(struct.pack("<I", id) for id in ids or [])
    return data


def token_files():
    """Each adversarial file's bytes and a phrase its error must contain."""
    valid_text = header() + segment(TEXT_MODALITY, [3], 100, [5, 6, 7])
    return {
        "zero-bytes.tok": (b"", "not a token file"),
        "bad-magic.tok": (b"TESSTOX\0" + valid_text[8:], "not a token file"),
        "png-renamed.tok": (b"\x89PNG\r\n\x1a\n" + bytes(24), "not a token file"),
        "wrong-version.tok": (header(version=2) + segment(TEXT_MODALITY, [1], 10, [1]), "version 2 is not supported"),
        "unknown-flags.tok": (header(flags=0x80) + segment(TEXT_MODALITY, [1], 10, [1]), "unknown flags"),
        "header-cut-off.tok": (valid_text[:14], "cut off"),
        "body-cut-off.tok": (valid_text[:-2], "more than the"),
        "trailing-garbage.tok": (valid_text + b"\0\0\0", "trailing data"),
        "code-out-of-range.tok": (header() + segment(TEXT_MODALITY, [3], 100, [5, 100, 7]),
                                  "code 100 at position 1 is outside the codebook of 100"),
        "image-code-out-of-range.tok": (header() + segment(IMAGE_MODALITY, [2, 2], 16, [0, 1, 2, 0xFFFFFFFF]),
                                        "code 4294967295 at position 3"),
        "id-out-of-range.tok": (header(flags=2, global_size=50) + segment(TEXT_MODALITY, [2], 10, [1, 2], ids=[3, 50]),
                                "id 50 at position 1 is outside the global vocabulary of 50"),
        "huge-code-count.tok": (header() + segment(TEXT_MODALITY, [1 << 40], 100, [1, 2, 3]), "more than the"),
        "huge-image-shape.tok": (header() + segment(IMAGE_MODALITY, [1 << 32, 1 << 32], 16, []), "too many elements"),
        "huge-dimension.tok": (header() + segment(AUDIO_MODALITY, [1 << 63, 1], 16, []), "out of range"),
        "huge-segment-count.tok": (header(segments=0xFFFFFFFF) + segment(TEXT_MODALITY, [1], 10, [1]), "segments"),
        "checksum-cut-off.tok": (header(flags=1)[:20], "cut off"),
        "unknown-modality.tok": (header() + segment(9, [1], 10, [1]), "unknown modality 9"),
        "wrong-rank.tok": (header() + segment(IMAGE_MODALITY, [4], 10, [1, 2, 3, 4]), "rank 2, not 1"),
        "reserved-field.tok": (header() + segment(TEXT_MODALITY, [1], 10, [1], reserved=7), "reserved field"),
        "zero-codebook.tok": (header() + segment(TEXT_MODALITY, [0], 0, []), "codebook size 0"),
        "zero-global-vocabulary.tok": (header(flags=2, global_size=0) + segment(TEXT_MODALITY, [0], 10, [], ids=[]),
                                       "global vocabulary size 0"),
    }


def write_valid_file():
    checksum = hashlib.sha256(b"a vocabulary").digest()
    segments = [
        {"modality": "text", "shape": [4], "codebook_size": 32000, "codes": [1, 15043, 29892, 2],
         "ids": [1, 15043, 29892, 2]},
        {"modality": "image", "shape": [2, 3], "codebook_size": 16384, "codes": [0, 1, 16383, 7, 8, 9],
         "ids": [32000, 32001, 48383, 32007, 32008, 32009]},
        {"modality": "audio", "shape": [2, 2], "codebook_size": 1024, "codes": [5, 6, 1023, 0],
         "ids": [48384 + 5, 48384 + 6, 49408 + 1023, 49408]},
    ]
    modalities = {"text": TEXT_MODALITY, "image": IMAGE_MODALITY, "audio": AUDIO_MODALITY}
    data = header(flags=3, checksum=checksum, global_size=50432, segments=len(segments))
    for item in segments:
        data += segment(modalities[item["modality"]], item["shape"], item["codebook_size"], item["codes"], item["ids"])
    VALID.mkdir(parents=True, exist_ok=True)
    (VALID / "mixed.tok").write_bytes(data)
    expected = {"vocabulary_checksum": checksum.hex(), "global_vocabulary_size": 50432, "segments": segments}
    (VALID / "mixed.json").write_text(json.dumps(expected, indent=1) + "\n")
    print(f"wrote {VALID.relative_to(ROOT)}/mixed.tok ({len(data)} bytes)")


def write_token_files():
    TOK.mkdir(parents=True, exist_ok=True)
    expected = {}
    for name, (data, problem) in token_files().items():
        (TOK / name).write_bytes(data)
        expected[name] = problem
    (TOK / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(expected)} token files to {TOK.relative_to(ROOT)}")


def write_text_files():
    TEXT.mkdir(parents=True, exist_ok=True)
    (TEXT / "latin1.txt").write_bytes("Grüße aus Köln\n".encode("latin-1"))
    (TEXT / "empty.model").write_bytes(b"")
    (TEXT / "garbage.model").write_bytes(b"this is a text file, not a SentencePiece model\n")
    model = (ROOT / "Tests" / "TextTokenizerTests" / "Fixtures" / "bpe.model").read_bytes()
    (TEXT / "cut-off.model").write_bytes(model[:5000])
    print(f"wrote 4 files to {TEXT.relative_to(ROOT)}")


if __name__ == "__main__":
    write_valid_file()
    write_token_files()
    write_text_files()
