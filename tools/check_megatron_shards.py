#!/usr/bin/env python3
"""Reads Tessera's Megatron-LM shards exactly as Megatron's indexed_dataset.py does and checks every document.

Usage:
  python3 tools/check_megatron_shards.py PREFIX --vocab V.json [--expected DUMP.json | --tessera BIN]
                                          [--manifest M.jsonl --shard I/N]

Reading follows megatron/core/datasets/indexed_dataset.py (`_IndexReader`, `_MMapBinReader`), without
a Megatron install: the .idx header is unpacked with struct (9-byte magic b"MMIDIDX\\x00\\x00", <Q version 1,
<B dtype code, <Q sequence count, <Q document count), then numpy.memmap of the .idx gives the int32
sequence lengths, int64 sequence pointers and int64 document indices with numpy.frombuffer at the same
offsets, and numpy.memmap of the .bin gives each sequence with numpy.frombuffer(dtype, count=length,
offset=pointer). A document is the sequences document_indices[d] .. document_indices[d + 1].

Checks, for every document:
- its ids equal the ones Tessera's own reader dumps (`tessera tokens dataset PREFIX --json`, run with
  --tessera BIN, or given as a file with --expected);
- it follows the vocab's grammar: <bos> … <eos>; <boi> + rows×columns image ids (+ <eol> per row when
  enabled) + <eoi>; <boa> + frames × levels audio ids, frame-major (the id at position p of a frame lies
  in level p's range) + <eoa>; every other id a text piece;
- with --manifest: the documents are the manifest's (or shard I/N's) lines in order, minus those Tessera
  reported skipped, and each document's images and audio clips come in the manifest's order;
- when PREFIX-loss.idx exists (`tokenize dataset --loss-mask`): it is read the same way and holds, per
  document, one uint8 0/1 per token of the document, 0 for <bos>;
- with --manifest and --retokenize N: the first N documents equal the ids rebuilt independently in
  Python from the manifest: text with the sentencepiece package, images (PNG at the spec's size, as
  uint8 / 127.5 - 1) with transformers' JanusVQVAE.encode, audio (16-bit WAV at the codec's rate, as
  int16 / 32768) with transformers' EncodecModel.encode at the spec's bandwidth, laid out by the
  spec's grammar. Lengths, text and brackets must match exactly; a code may differ only within its
  own codebook or RVQ level (a nearest-code near-tie between float32 implementations), in at most
  0.1 % of the tokens; the count is printed.
Prints one summary line and exits 1 on the first problem.
"""
import argparse
import json
import pathlib
import struct
import subprocess
import sys

import numpy
import torch

INDEX_HEADER = b"MMIDIDX\x00\x00"
DTYPES = {1: numpy.uint8, 2: numpy.int8, 3: numpy.int16, 4: numpy.int32, 5: numpy.int64,
          6: numpy.float64, 7: numpy.float32, 8: numpy.uint16}


def read_megatron(prefix):
    """(dtype, lengths, pointers, document_indices, bin_buffer) as Megatron's readers build them."""
    idx_path, bin_path = prefix + ".idx", prefix + ".bin"
    with open(idx_path, "rb") as stream:
        assert stream.read(9) == INDEX_HEADER, f"bad header, cannot read: {idx_path}"
        assert struct.unpack("<Q", stream.read(8))[0] == 1, f"bad version, cannot read: {idx_path}"
        dtype = DTYPES[struct.unpack("<B", stream.read(1))[0]]
        sequence_count = struct.unpack("<Q", stream.read(8))[0]
        document_count = struct.unpack("<Q", stream.read(8))[0]
        offset = stream.tell()
    index = memoryview(numpy.memmap(idx_path, mode="r", order="C"))
    lengths = numpy.frombuffer(index, dtype=numpy.int32, count=sequence_count, offset=offset)
    pointers = numpy.frombuffer(index, dtype=numpy.int64, count=sequence_count, offset=offset + lengths.nbytes)
    documents = numpy.frombuffer(index, dtype=numpy.int64, count=document_count,
                                 offset=offset + lengths.nbytes + pointers.nbytes)
    data = memoryview(numpy.memmap(bin_path, mode="r", order="C").data)
    return dtype, lengths, pointers, documents, data


def document_ids(reader, document):
    dtype, lengths, pointers, documents, data = reader
    parts = [numpy.frombuffer(data, dtype=dtype, count=int(lengths[s]), offset=int(pointers[s]))
             for s in range(int(documents[document]), int(documents[document + 1]))]
    return numpy.concatenate(parts).astype(numpy.int64).tolist() if parts else []


class Grammar:
    """The vocab spec's segment grammar."""

    def __init__(self, spec):
        self.special = {entry["token"]: entry["id"] for entry in spec["special_tokens"]}
        self.pieces = spec["text"]["pieces"]
        self.image = spec.get("image")
        self.audio = spec.get("audio")

    def in_range(self, value, ids):
        return ids["first"] <= value < ids["first"] + ids["count"]

    def same_codebook(self, first, second):
        """Whether two ids are codes of the same image codebook or audio level (a nearest-code near-tie)."""
        ranges = ([self.image["ids"]] if self.image else []) + (self.audio["level_ids"] if self.audio else [])
        return any(self.in_range(first, ids) and self.in_range(second, ids) for ids in ranges)

    def media(self, ids):
        """The document's media kinds in order; raises ValueError naming the first break of the grammar."""
        s = self.special
        if len(ids) < 2 or ids[0] != s["<bos>"] or ids[-1] != s["<eos>"]:
            raise ValueError("does not start with <bos> and end with <eos>")
        kinds, position = [], 1
        while position < len(ids) - 1:
            value = ids[position]
            if self.image and value == s["<boi>"]:
                rows, columns = self.image["grid"]
                row_length = columns + (1 if self.image["end_of_row"] else 0)
                body = ids[position + 1:position + 1 + rows * row_length]
                for index, code in enumerate(body):
                    expected_eol = self.image["end_of_row"] and index % row_length == columns
                    ok = code == s["<eol>"] if expected_eol else self.in_range(code, self.image["ids"])
                    if not ok:
                        raise ValueError(f"image id {code} at {position + 1 + index} breaks the grammar")
                position += 1 + rows * row_length
                if position >= len(ids) or ids[position] != s["<eoi>"]:
                    raise ValueError(f"image at {position} is not closed by <eoi> after {rows}x{columns} ids")
                kinds.append("image")
            elif self.audio and value == s["<boa>"]:
                levels = self.audio["level_ids"]
                end = ids.index(s["<eoa>"], position)
                body = ids[position + 1:end]
                if not body or len(body) % len(levels):
                    raise ValueError(f"audio at {position} holds {len(body)} ids, not frames x {len(levels)} levels")
                for index, code in enumerate(body):
                    if not self.in_range(code, levels[index % len(levels)]):
                        raise ValueError(f"audio id {code} at {position + 1 + index} is not in level {index % len(levels)}")
                position = end
                kinds.append("audio")
            elif value >= self.pieces and value not in (s["<bos>"], s["<eos>"], s["<pad>"]):
                raise ValueError(f"id {value} at {position} is neither a text piece nor allowed here")
            position += 1
        return kinds


class Retokenizer:
    """The vocab spec's tokenizers, loaded with sentencepiece and transformers."""

    def __init__(self, spec_path):
        import sentencepiece
        from transformers import EncodecModel, JanusVQVAE
        self.spec = json.loads(pathlib.Path(spec_path).read_text())
        base = pathlib.Path(spec_path).parent
        self.special = {entry["token"]: entry["id"] for entry in self.spec["special_tokens"]}
        self.text = sentencepiece.SentencePieceProcessor(model_file=str(base / self.spec["text"]["model"]))
        image, audio = self.spec.get("image"), self.spec.get("audio")
        self.image = JanusVQVAE.from_pretrained(base / image["tokenizer"]).eval() if image else None
        self.audio = EncodecModel.from_pretrained(base / audio["tokenizer"]).eval() if audio else None

    def document(self, parts, directory):
        s, ids = self.special, [self.special["<bos>"]]
        for part in parts:
            if "text" in part:
                ids += self.text.encode(part["text"])
            elif "image" in part:
                ids += [s["<boi>"]] + self.image_ids(directory / part["image"]) + [s["<eoi>"]]
            else:
                ids += [s["<boa>"]] + self.audio_ids(directory / part["audio"]) + [s["<eoa>"]]
        return ids + [s["<eos>"]]

    def image_ids(self, path):
        from PIL import Image
        spec = self.spec["image"]
        picture = Image.open(path).convert("RGB")
        if picture.size != (spec["image_size"],) * 2:
            raise ValueError(f"{path}: {picture.size}, not the spec's {spec['image_size']} px (not resized here)")
        pixels = torch.from_numpy(numpy.asarray(picture, dtype=numpy.float64) / 127.5 - 1.0).float().permute(2, 0, 1)[None]
        with torch.no_grad():
            codes = self.image.encode(pixels, return_dict=True).image_tokens.view(-1).tolist()
        columns = spec["grid"][1]
        rows = [[spec["ids"]["first"] + code for code in codes[row:row + columns]] for row in range(0, len(codes), columns)]
        eol = [self.special["<eol>"]] if spec["end_of_row"] else []
        return [value for row in rows for value in row + eol]

    def audio_ids(self, path):
        import soundfile
        spec = self.spec["audio"]
        samples, rate = soundfile.read(path, dtype="int16")
        if rate != spec["sample_rate"] or samples.ndim != 1:
            raise ValueError(f"{path}: {rate} Hz, {samples.ndim} dims; only mono at the codec's rate is checked here")
        waveform = torch.from_numpy(samples.astype(numpy.float32) / 32768.0).view(1, 1, -1)
        with torch.no_grad():
            codes = self.audio.encode(waveform, bandwidth=spec["bandwidth"], return_dict=True).audio_codes[0, 0]  # [levels, frames]
        levels = spec["level_ids"]
        return [levels[level]["first"] + int(codes[level, frame]) for frame in range(codes.shape[1]) for level in range(len(levels))]


def manifest_lines(path, shard_index, shard_count, skipped):
    lines = [(number, line) for number, line in enumerate(pathlib.Path(path).read_text().split("\n"), 1) if line.strip()]
    return [json.loads(line)["parts"] for ordinal, (number, line) in enumerate(lines)
            if ordinal % shard_count == shard_index and number not in skipped]


def manifest_media(parts_per_document):
    """Each document's media kinds in order."""
    return [[kind for part in parts for kind in ("image", "audio") if kind in part] for parts in parts_per_document]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("prefix")
    parser.add_argument("--vocab", required=True)
    parser.add_argument("--expected", help="a `tessera tokens dataset PREFIX --json` dump")
    parser.add_argument("--tessera", help="the tessera binary, to make the dump")
    parser.add_argument("--manifest")
    parser.add_argument("--shard", default="0/1")
    parser.add_argument("--skipped", default="", help="comma-separated manifest line numbers Tessera skipped")
    parser.add_argument("--retokenize", type=int, default=0, help="re-tokenize the first N documents in Python (needs --manifest)")
    args = parser.parse_args()

    reader = read_megatron(args.prefix)
    count = len(reader[3]) - 1
    expected = None
    if args.expected:
        expected = json.loads(pathlib.Path(args.expected).read_text())
    elif args.tessera:
        expected = json.loads(subprocess.run([args.tessera, "tokens", "dataset", args.prefix, "--json"],
                                             check=True, capture_output=True, text=True).stdout)
    grammar = Grammar(json.loads(pathlib.Path(args.vocab).read_text()))
    media = None
    if args.manifest:
        index, shards = (int(value) for value in args.shard.split("/"))
        skipped = {int(value) for value in args.skipped.split(",") if value}
        parts = manifest_lines(args.manifest, index, shards, skipped)
        media = manifest_media(parts)
        if len(media) != count:
            sys.exit(f"{args.prefix}: {count} documents, but the manifest shard has {len(media)}")
    if expected is not None:
        if numpy.dtype(reader[0]).name != expected["dtype"] or len(expected["documents"]) != count:
            sys.exit(f"{args.prefix}: {count} {numpy.dtype(reader[0]).name} documents, but the dump has "
                     f"{len(expected['documents'])} {expected['dtype']}")
    mask_reader = read_megatron(args.prefix + "-loss") if pathlib.Path(args.prefix + "-loss.idx").exists() else None
    if mask_reader is not None and len(mask_reader[3]) - 1 != count:
        sys.exit(f"{args.prefix}-loss: {len(mask_reader[3]) - 1} documents, not {count}")
    tokens = 0
    for document in range(count):
        ids = document_ids(reader, document)
        tokens += len(ids)
        if mask_reader is not None:
            mask = document_ids(mask_reader, document)
            if len(mask) != len(ids) or not set(mask) <= {0, 1} or mask[0] != 0:
                sys.exit(f"{args.prefix}-loss: document {document} is not a 0/1 mask of its {len(ids)} tokens starting with 0")
        if expected is not None and ids != expected["documents"][document]:
            sys.exit(f"{args.prefix}: document {document} differs from the dump")
        try:
            kinds = grammar.media(ids)
        except ValueError as error:
            sys.exit(f"{args.prefix}: document {document}: {error}")
        if media is not None and kinds != media[document]:
            sys.exit(f"{args.prefix}: document {document} has media {kinds}, but its manifest line has {media[document]}")
    retokenized = differing_codes = tokens_retokenized = 0
    if args.manifest and args.retokenize:
        retokenizer = Retokenizer(args.vocab)
        for document in range(min(args.retokenize, count)):
            actual = document_ids(reader, document)
            expected_ids = retokenizer.document(parts[document], pathlib.Path(args.manifest).parent)
            retokenized += 1
            tokens_retokenized += len(actual)
            differing = [(a, b) for a, b in zip(actual, expected_ids) if a != b]
            if len(actual) != len(expected_ids) or not all(grammar.same_codebook(a, b) for a, b in differing):
                sys.exit(f"{args.prefix}: document {document} differs from the Python re-tokenization beyond single codes")
            differing_codes += len(differing)
        if differing_codes > 1e-3 * tokens_retokenized:
            sys.exit(f"{args.prefix}: {differing_codes} of {tokens_retokenized} re-tokenized codes differ")
    checks = (["grammar"] + ([f"Python re-tokenization of {retokenized} documents ({differing_codes} of {tokens_retokenized} "
                                  f"codes differ, each within its codebook)"] if retokenized else [])
              + (["dump"] if expected is not None else []) + (["manifest"] if media is not None else [])
              + (["loss mask"] if mask_reader is not None else []))
    print(f"{args.prefix}: ok: {count} documents, {tokens} tokens of {numpy.dtype(reader[0]).name}; "
          f"checked {', '.join(checks)}")


if __name__ == "__main__":
    main()
