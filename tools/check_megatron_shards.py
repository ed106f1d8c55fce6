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
  reported skipped, and each document's images and audio clips come in the manifest's order.
Prints one summary line and exits 1 on the first problem.
"""
import argparse
import json
import pathlib
import struct
import subprocess
import sys

import numpy

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


def manifest_media(path, shard_index, shard_count, skipped):
    kept = []
    lines = [(number, line) for number, line in enumerate(pathlib.Path(path).read_text().split("\n"), 1) if line.strip()]
    for ordinal, (number, line) in enumerate(lines):
        if ordinal % shard_count != shard_index or number in skipped:
            continue
        parts = json.loads(line)["parts"]
        kept.append([kind for part in parts for kind in ("image", "audio") if kind in part])
    return kept


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("prefix")
    parser.add_argument("--vocab", required=True)
    parser.add_argument("--expected", help="a `tessera tokens dataset PREFIX --json` dump")
    parser.add_argument("--tessera", help="the tessera binary, to make the dump")
    parser.add_argument("--manifest")
    parser.add_argument("--shard", default="0/1")
    parser.add_argument("--skipped", default="", help="comma-separated manifest line numbers Tessera skipped")
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
        media = manifest_media(args.manifest, index, shards, skipped)
        if len(media) != count:
            sys.exit(f"{args.prefix}: {count} documents, but the manifest shard has {len(media)}")
    if expected is not None:
        if numpy.dtype(reader[0]).name != expected["dtype"] or len(expected["documents"]) != count:
            sys.exit(f"{args.prefix}: {count} {numpy.dtype(reader[0]).name} documents, but the dump has "
                     f"{len(expected['documents'])} {expected['dtype']}")
    tokens = 0
    for document in range(count):
        ids = document_ids(reader, document)
        tokens += len(ids)
        if expected is not None and ids != expected["documents"][document]:
            sys.exit(f"{args.prefix}: document {document} differs from the dump")
        try:
            kinds = grammar.media(ids)
        except ValueError as error:
            sys.exit(f"{args.prefix}: document {document}: {error}")
        if media is not None and kinds != media[document]:
            sys.exit(f"{args.prefix}: document {document} has media {kinds}, but its manifest line has {media[document]}")
    checks = ["grammar"] + (["dump"] if expected is not None else []) + (["manifest"] if media is not None else [])
    print(f"{args.prefix}: ok: {count} documents, {tokens} tokens of {numpy.dtype(reader[0]).name}; "
          f"checked {', '.join(checks)}")


if __name__ == "__main__":
    main()
