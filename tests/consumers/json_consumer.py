"""The product's JSON (--format json): python3 json_consumer.py TEXT RESULT.json"""

import sys

from common import LABELS, QUOTE_KINDS, check, check_slice, read_json, read_text

text, doc = read_text(sys.argv[1]), read_json(sys.argv[2])
check(doc["version"] == 1, f"version {doc['version']}")
check(doc["unit"] == "codepoint", f"unit {doc['unit']}")
check(doc["truncated"] is False, "truncated")
ents, ments, quotes = doc["entities"], doc["mentions"], doc["quotes"]
for k, e in enumerate(ents):
    check(e["id"] == k, f"entity {k} has id {e['id']}")
    check(e["type"] in LABELS and isinstance(e["name"], str) and e["name"], f"entity {k}: {e}")
    check(e["mentions"] == sorted(e["mentions"]) and e["mentions"], f"entity {k} mentions {e['mentions']}")
    for m in e["mentions"]:
        check(ments[m]["cluster"] == k, f"mention {m} is not in cluster {k}")
last_end = 0
for k, m in enumerate(ments):
    check_slice(text, m["start"], m["end"], m["text"], f"mention {k}")
    check(m["start"] >= last_end, f"mention {k} overlaps the one before")
    last_end = m["end"]
    check(m["type"] in LABELS, f"mention {k} type {m['type']}")
    check(k in ents[m["cluster"]]["mentions"], f"mention {k} missing from its cluster")
    if "title_of" in m:
        check(ments[m["title_of"]]["type"] == "PERSON", f"mention {k} is the title of a non-person")
for k, q in enumerate(quotes):
    check(q["kind"] in QUOTE_KINDS, f"quote {k} kind {q['kind']}")
    check(q["parts"] and q["parts"][0]["start"] == q["start"] and q["parts"][-1]["end"] == q["end"], f"quote {k} parts")
    for p in q["parts"]:
        check(0 <= p["start"] < p["end"] <= len(text), f"quote {k} part {p}")
    if q["speaker"] is not None:
        check(ents[q["speaker"]]["name"] == q["speaker_name"], f"quote {k} speaker name")
    if q["cue_span"] is not None:
        check_slice(text, q["cue_span"]["start"], q["cue_span"]["end"], q["cue"], f"quote {k} cue")
    if q["speaker_span"] is not None:
        s = q["speaker_span"]
        check(0 <= s["start"] < s["end"] <= len(text), f"quote {k} speaker span {s}")
print(f"ok: {len(ments)} mentions, {len(ents)} entities, {len(quotes)} quotes")
print(f"consumer: python json {sys.version.split()[0]}")
