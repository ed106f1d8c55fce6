"""Shared ending of the tokenizer fixture generators: write expected.json, list what was written."""
import json
import os


def write_expected(directory, expected):
    """Writes `expected` as DIRECTORY/expected.json (indented, newline-terminated)."""
    with open(os.path.join(directory, "expected.json"), "w") as handle:
        json.dump(expected, handle, indent=1)
        handle.write("\n")


def report_files(directory):
    """Prints every file in DIRECTORY with its size; returns the total in bytes."""
    total = 0
    for name in sorted(os.listdir(directory)):
        size = os.path.getsize(os.path.join(directory, name))
        total += size
        print(f"wrote {os.path.join(directory, name)} ({size} bytes)")
    return total
