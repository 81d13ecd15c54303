"""spaCy displaCy manual format (--format displacy):
python3 displacy_consumer.py TEXT DISPLACY.json RESULT.json

Checks the documented manual format ({"text", "ents": [{"start", "end",
"label"}], "title"}) with plain json against the text and the product's
JSON; then, if spaCy is installed, renders it with displacy.render(...,
manual=True) and reads the marked entities back out of the HTML.
"""

import sys
from html.parser import HTMLParser

from common import LABELS, check, check_slice, read_json, read_text

text, doc, result = read_text(sys.argv[1]), read_json(sys.argv[2]), read_json(sys.argv[3])
check(set(doc) == {"text", "ents", "title"}, f"keys {sorted(doc)}")
check(doc["text"] == text, "text differs from the input")
check(doc["title"] is None, "title")
ents = doc["ents"]
check(len(ents) == len(result["mentions"]), f"{len(ents)} ents, {len(result['mentions'])} mentions")
last = 0
for k, (e, m) in enumerate(zip(ents, result["mentions"])):
    check(set(e) == {"start", "end", "label"}, f"ent {k} keys {sorted(e)}")
    check(e["label"] in LABELS and e["label"] == m["type"], f"ent {k} label {e['label']}")
    check_slice(text, e["start"], e["end"], m["text"], f"ent {k}")
    check(e["start"] >= last, f"ent {k} overlaps or is out of order")
    last = e["end"]
print(f"ok: {len(ents)} ents round-trip")

try:
    import spacy
    from spacy import displacy
except ImportError:
    print("consumer: none (spaCy not installed; manual format checked with json only)")
    sys.exit(0)


class Marks(HTMLParser):
    """Collects the text of each <mark class="entity"> and its label span."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.marks, self.depth, self.in_label = [], 0, False

    def handle_starttag(self, tag, attrs):
        if tag == "mark":
            self.marks.append(["", ""])
            self.depth += 1
        elif tag == "span" and self.depth:
            self.in_label = True

    def handle_endtag(self, tag):
        if tag == "mark":
            self.depth -= 1
        elif tag == "span":
            self.in_label = False

    def handle_data(self, data):
        if self.depth:
            self.marks[-1][1 if self.in_label else 0] += data


html = displacy.render(doc, style="ent", manual=True, page=False, jupyter=False)
parser = Marks()
parser.feed(html)
check(len(parser.marks) == len(ents), f"displaCy marked {len(parser.marks)} entities, expected {len(ents)}")
for k, ((body, label), e) in enumerate(zip(parser.marks, ents)):
    check(label.strip() == e["label"], f"displaCy ent {k} label {label.strip()!r}")
    # displaCy renders line breaks inside an entity as <br>; compare the rest.
    want = text[e["start"]:e["end"]].replace("\n", "")
    check(body.strip() == want.strip(), f"displaCy ent {k}: {body.strip()!r} != {want.strip()!r}")
print(f"ok: displaCy rendered {len(parser.marks)} entities")
print(f"consumer: spaCy displaCy {spacy.__version__}")
