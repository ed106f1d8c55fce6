#!/usr/bin/env python3
"""Writes the SentencePiece parity fixtures of the TextTokenizerTests to Tests/TextTokenizerTests/Fixtures/.

Usage: python3 tools/make_text_fixtures.py [--training-only]   (needs the `sentencepiece` pip package)

Input: Fixtures/corpus.txt, real prose, one sentence a line: the preamble of the GNU GPL v3 (from
Debian's /usr/share/common-licenses/GPL-3, which may be copied verbatim), Article 1 of the Universal
Declaration of Human Rights in sixteen languages, and the opening lines of a few public-domain
books (Austen, Melville, Dickens, Tolstoy in English; Pascal, Goethe, Cervantes, Pushkin, Basho).

Outputs, from the installed Python sentencepiece:
- unigram.model, bpe.model: models trained on the corpus with the options in CONFIGS (one thread).
- expected.json: for each model its special ids, every piece, and for TEST_STRINGS the ids Python
  encodes and the text it decodes; DECODE_CASES are id lists decoded as they are.
- training-<version>.json: every piece and score of each trained model, so Swift can train with the
  same options and compare. Training output depends on the SentencePiece version (unigram training
  changed in 0.1.99), so run this script once more with `--training-only` under a Python whose
  sentencepiece matches the libsentencepiece Swift links (Debian's 0.1.97: build the 0.1.97 sdist
  in a virtualenv; it links the system library).
"""
import argparse
import hashlib
import json
import os
import pathlib

import sentencepiece as spm

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "TextTokenizerTests" / "Fixtures"

# Options with the names SentencePieceTrainingOptions stores them under (SentencePiece's own flags).
CONFIGS = {
    "unigram": {"model_type": "unigram", "vocab_size": 600, "byte_fallback": True, "character_coverage": 0.98,
                "user_defined_symbols": ["<sep>", "🙂"], "normalization_rule_name": "nmt_nfkc", "input_sentence_size": 0,
                "max_sentence_length": 4192, "num_threads": 1},
    "bpe": {"model_type": "bpe", "vocab_size": 500, "byte_fallback": True, "character_coverage": 0.98,
            "user_defined_symbols": ["<sep>", "🙂"], "normalization_rule_name": "nmt_nfkc", "input_sentence_size": 0,
            "max_sentence_length": 4192, "num_threads": 1},
}

TEST_STRINGS = [
    "Hello, world!",
    "All human beings are born free and equal in dignity and rights.",
    "The licenses for most software are designed to take away your freedom.",
    "Würde und Rechte — naïve café, señor, Ærø, Øresund",
    "Все люди рождаются свободными и равными.",
    "Όλοι οι άνθρωποι γεννιούνται ελεύθεροι.",
    "人人生而自由，在尊严和权利上一律平等。",
    "すべての人間は、生まれながらにして自由である。",
    "모든 인간은 태어날 때부터 자유로우며",
    "يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق.",
    "כל בני האדם נולדו בני חורין",
    "सभी मनुष्यों को गौरव और अधिकारों के मामले में",
    "emoji 🙂🎉 family 👩‍👩‍👧 flag 🇫🇷 done",
    "rare characters need bytes: ☃ ♞ ᚠᛇᚻ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ꙮ",
    "  leading and   repeated   spaces  ",
    "ＦＵＬＬＷＩＤＴＨ ｶﾀｶﾅ ① ﬁ ligature ㍻",
    "combining e\u0301 versus é",
    "tab\tand\nnewline\r\nand carriage return",
    "",
    " ",
    "<sep> user symbols <sep>🙂 between 🙂🙂",
    "literal <s> and </s> and <unk> text",
    "a\u0000b with a NUL",
    "zero\u200bwidth\ufeffmarks",
    "numbers 1234567890 and 3.14159, 2^40 = 1099511627776",
    "GNU General Public License, version 3 — free software for all its users.",
]


def decode_cases(processor):
    """Id lists decoded as they are: special ids, byte pieces that do and do not form UTF-8, a run of ids."""
    byte = lambda value: processor.piece_to_id(f"<0x{value:02X}>")
    snowman = [byte(0xE2), byte(0x98), byte(0x83)]
    return [
        [processor.bos_id(), processor.eos_id()],
        [processor.unk_id()],
        snowman,
        snowman[:2],                      # a cut-off UTF-8 sequence
        [byte(0xFF), byte(0x41)],         # a byte that never starts UTF-8
        [processor.piece_to_id("▁the"), processor.bos_id(), processor.piece_to_id("<sep>")],
        list(range(3, 40)),
    ]


def train(name):
    """Trains the model of CONFIGS[name] on the corpus and returns its serialized bytes."""
    options = dict(CONFIGS[name])
    options["user_defined_symbols"] = ",".join(options["user_defined_symbols"])
    prefix = f".{name}-training"
    # Relative names (run inside OUT), so the trainer spec stored in the model holds no local path.
    spm.SentencePieceTrainer.train(input="corpus.txt", model_prefix=prefix, minloglevel=2, **options)
    model = pathlib.Path(f"{prefix}.model").read_bytes()
    pathlib.Path(f"{prefix}.model").unlink()
    pathlib.Path(f"{prefix}.vocab").unlink()
    return model


def describe_encoding(name, model, processor):
    return {
        "options": CONFIGS[name],
        "file": f"{name}.model",
        "sha256": hashlib.sha256(model).hexdigest(),
        "vocab_size": processor.get_piece_size(),
        "bos_id": processor.bos_id(), "eos_id": processor.eos_id(),
        "unk_id": processor.unk_id(), "pad_id": processor.pad_id(),
        "pieces": [processor.id_to_piece(i) for i in range(processor.get_piece_size())],
        "cases": [{"text": text, "ids": processor.encode(text), "decoded": processor.decode(processor.encode(text))}
                  for text in TEST_STRINGS],
        "decode_cases": [{"ids": ids, "decoded": processor.decode(ids)} for ids in decode_cases(processor)],
    }


def describe_training(name, processor):
    size = processor.get_piece_size()
    return {"options": CONFIGS[name], "pieces": [processor.id_to_piece(i) for i in range(size)],
            "scores": [processor.get_score(i) for i in range(size)]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--training-only", action="store_true", help="write only training-<version>.json")
    arguments = parser.parse_args()
    os.chdir(OUT)
    encoding, training = {}, {}
    for name in CONFIGS:
        model = train(name)
        processor = spm.SentencePieceProcessor(model_proto=model)
        training[name] = describe_training(name, processor)
        if not arguments.training_only:
            (OUT / f"{name}.model").write_bytes(model)
            encoding[name] = describe_encoding(name, model, processor)
    version = spm.__version__
    write_json(OUT / f"training-{version}.json", {"sentencepiece_version": version, "models": training})
    if not arguments.training_only:
        write_json(OUT / "expected.json", {"sentencepiece_version": version, "models": encoding})


def write_json(path, value):
    path.write_text(json.dumps(value, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
