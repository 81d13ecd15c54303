"""CSV tables (--format csv, --format csv-quotes):
python3 csv_consumer.py TEXT entities|quotes TABLE.csv RESULT.json

Reads the table with Python's csv module and compares every row with the
product's JSON; quote positions round-trip to the text. A text field that
starts with = + - @ TAB or CR must carry the formula guard (a leading ').
"""

import csv
import io
import sys

from common import LABELS, QUOTE_KINDS, check, read_json, read_text

GUARDED = ("=", "+", "-", "@", "\t", "\r")

text, kind, path, result = read_text(sys.argv[1]), sys.argv[2], sys.argv[3], read_json(sys.argv[4])
with open(path, encoding="utf-8", newline="") as f:
    raw = f.read()
check(raw.endswith("\r\n") or raw == "", "rows must end with CRLF")
rows = list(csv.reader(io.StringIO(raw, newline="")))


def unguard(field, what):
    if field.startswith("'") and field[1:2] in GUARDED and field[1:2] != "":
        return field[1:]
    check(not field.startswith(GUARDED), f"{what}: unguarded formula-like field {field!r}")
    return field


if kind == "entities":
    check(rows[0] == ["id", "name", "type", "mentions", "forms"], f"header {rows[0]}")
    ents, ments = result["entities"], result["mentions"]
    check(len(rows) - 1 == len(ents), f"{len(rows) - 1} rows, {len(ents)} entities")
    for row, e in zip(rows[1:], ents):
        check(len(row) == 5, f"row {row}")
        check(int(row[0]) == e["id"], f"id {row[0]}")
        check(unguard(row[1], "name") == e["name"], f"name {row[1]!r} != {e['name']!r}")
        check(row[2] == e["type"] and row[2] in LABELS, f"type {row[2]}")
        check(int(row[3]) == len(e["mentions"]), f"{e['name']}: {row[3]} mentions, JSON has {len(e['mentions'])}")
        forms = [" ".join(ments[m]["text"].split()) for m in e["mentions"]]
        check(unguard(row[4], "forms") == " | ".join(dict.fromkeys(forms)), f"forms {row[4]!r}")
elif kind == "quotes":
    check(rows[0] == ["speaker", "quote", "kind", "cue", "start", "end"], f"header {rows[0]}")
    quotes = result["quotes"]
    check(len(rows) - 1 == len(quotes), f"{len(rows) - 1} rows, {len(quotes)} quotes")
    for k, (row, q) in enumerate(zip(rows[1:], quotes)):
        check(len(row) == 6, f"row {row}")
        check(unguard(row[0], "speaker") == (q["speaker_name"] or ""), f"quote {k} speaker {row[0]!r}")
        parts = [text[p["start"]:p["end"]] for p in q["parts"]]
        check(unguard(row[1], "quote") == " … ".join(parts), f"quote {k} text {row[1]!r}")
        check(row[2] == q["kind"] and row[2] in QUOTE_KINDS, f"quote {k} kind {row[2]}")
        check(unguard(row[3], "cue") == (q["cue"] or ""), f"quote {k} cue {row[3]!r}")
        start, end = int(row[4]), int(row[5])
        check((start, end) == (q["start"], q["end"]), f"quote {k} span {start}..{end}")
        check(text[start:end].startswith(parts[0]) and text[start:end].endswith(parts[-1]), f"quote {k} round trip")
else:
    check(False, f"unknown table {kind}")
print(f"ok: {len(rows) - 1} {kind} rows")
print(f"consumer: python csv {csv.__version__}")
