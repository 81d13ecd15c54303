"""Helpers shared by the consumer scripts that tests/it/export.rs runs.

Each script reads the annotated text and an export produced by the CLI,
parses the export with a real consumer (Python's json, csv and html.parser,
PyLD, spaCy's displaCy), round-trips every position to the exact text, and
exits non-zero on the first mismatch. Its last line says which consumer ran:
"consumer: NAME VERSION" or "consumer: none (PACKAGE not installed)".
"""

import json
import sys

LABELS = {"PERSON", "NORP", "ORG", "GPE", "LOC", "EVENT", "DATE", "TIME", "MONEY", "PERCENT", "TITLE"}
NAME_LABELS = {"PERSON", "NORP", "ORG", "GPE", "LOC", "EVENT"}
QUOTE_KINDS = {"direct", "term", "indirect"}


def read_text(path):
    # newline="" keeps CR and CRLF as they are: offsets count them.
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def check(cond, msg):
    if not cond:
        print(f"FAIL: {msg}", file=sys.stderr)
        sys.exit(1)


def check_slice(text, start, end, expect, what):
    check(isinstance(start, int) and isinstance(end, int), f"{what}: offsets {start!r}, {end!r} are not integers")
    check(0 <= start <= end <= len(text), f"{what}: offsets {start}..{end} outside the text (length {len(text)})")
    check(text[start:end] == expect, f"{what}: text[{start}:{end}] is {text[start:end]!r}, not {expect!r}")
