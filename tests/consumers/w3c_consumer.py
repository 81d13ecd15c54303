"""W3C Web Annotation JSON-LD (--format w3c):
python3 w3c_consumer.py TEXT ANNOTATIONS.jsonld RESULT.json

Checks the structure with plain json, round-trips every TextQuoteSelector and
TextPositionSelector (code points) to the text and to the product's JSON,
then, if PyLD is installed, expands the document as JSON-LD, with the context
served from a local file (no network), and checks that every annotation,
body, target and selector expands to the Web Annotation vocabulary.
"""

import os
import sys

from common import LABELS, NAME_LABELS, QUOTE_KINDS, check, check_slice, read_json, read_text

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SOURCE = "urn:article-annotator:input"
CONTEXT_CHARS = 32
HERE = os.path.dirname(os.path.abspath(__file__))

text, doc, result = read_text(sys.argv[1]), read_json(sys.argv[2]), read_json(sys.argv[3])
mentions, quotes = result["mentions"], result["quotes"]

check(doc["@context"] == CONTEXT, f"@context {doc['@context']!r}")
check(doc["type"] == "AnnotationCollection", "type")
page = doc["first"]
check(page["type"] == "AnnotationPage" and page["startIndex"] == 0, "page")
items = page["items"]
check(doc["total"] == len(items) == len(mentions) + len(quotes), f"total {doc['total']}, {len(items)} items")
check(len({a["id"] for a in items}) == len(items), "annotation ids are not unique")


def check_target(t, span, what):
    check(t["source"] == SOURCE, f"{what}: source {t['source']!r}")
    sels = {s["type"]: s for s in t["selector"]}
    check(set(sels) == {"TextQuoteSelector", "TextPositionSelector"}, f"{what}: selectors {list(sels)}")
    q, p = sels["TextQuoteSelector"], sels["TextPositionSelector"]
    check((p["start"], p["end"]) == span, f"{what}: position {p['start']}..{p['end']}, JSON has {span}")
    check_slice(text, p["start"], p["end"], q["exact"], f"{what} exact")
    prefix, suffix = q.get("prefix", ""), q.get("suffix", "")
    check(prefix == text[max(0, p["start"] - CONTEXT_CHARS):p["start"]], f"{what}: prefix {prefix!r}")
    check(suffix == text[p["end"]:p["end"] + CONTEXT_CHARS], f"{what}: suffix {suffix!r}")


for k, m in enumerate(mentions):
    a = items[k]
    check(a["type"] == "Annotation" and a["motivation"] == "tagging", f"mention {k}: {a['type']} {a['motivation']}")
    tags = [b["value"] for b in a["body"] if b["purpose"] == "tagging"]
    check(tags == [m["type"]] and tags[0] in LABELS, f"mention {k}: tags {tags}")
    names = [b for b in a["body"] if b["purpose"] == "identifying"]
    check(len(names) == 1 and names[0]["value"] == result["entities"][m["cluster"]]["name"], f"mention {k}: name")
    check_target(a["target"], (m["start"], m["end"]), f"mention {k}")
for k, q in enumerate(quotes):
    a = items[len(mentions) + k]
    check(a["motivation"] == "classifying", f"quote {k}: motivation {a['motivation']}")
    kinds = [b["value"] for b in a["body"] if b["purpose"] == "classifying"]
    check(kinds == [q["kind"]] and kinds[0] in QUOTE_KINDS, f"quote {k}: kinds {kinds}")
    speakers = [b["value"] for b in a["body"] if b["purpose"] == "identifying"]
    check(speakers == ([q["speaker_name"]] if q["speaker_name"] else []), f"quote {k}: speakers {speakers}")
    check(len(a["target"]) == len(q["parts"]), f"quote {k}: {len(a['target'])} targets")
    for j, (t, p) in enumerate(zip(a["target"], q["parts"])):
        check_target(t, (p["start"], p["end"]), f"quote {k} part {j}")
print(f"ok: {len(items)} annotations, selectors round-trip")

try:
    import pyld
    from pyld import jsonld
except ImportError:
    print("consumer: none (PyLD not installed; structure checked with json only)")
    sys.exit(0)

OA = "http://www.w3.org/ns/oa#"
AS = "http://www.w3.org/ns/activitystreams#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
LOCAL = {CONTEXT: os.path.join(HERE, "anno-subset.jsonld")}


def offline_loader(url, options=None):
    # Only the Web Annotation context, from the local file; nothing else.
    path = LOCAL.get(url) or LOCAL.get(url.replace("https://", "http://"))
    if path is None:
        raise jsonld.JsonLdError(f"no network in tests: {url}", "jsonld.LoadDocumentError", code="loading document failed")
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": read_json(path)}


expanded = jsonld.expand(doc, {"documentLoader": offline_loader})
check(len(expanded) == 1, f"{len(expanded)} top-level nodes")
coll = expanded[0]
check(coll["@type"] == [AS + "OrderedCollection"], f"collection type {coll['@type']}")
exp_page = coll[AS + "first"][0]
exp_items = exp_page[AS + "items"][0]["@list"]
check(len(exp_items) == len(items), f"{len(exp_items)} expanded items")


def one(node, key):
    vals = node.get(key)
    check(vals is not None and len(vals) == 1, f"{key} in {node.get('@id')}: {vals}")
    return vals[0]


def value(node, key):
    v = one(node, key)
    return v["@value"] if isinstance(v, dict) and "@value" in v else v.get("@id")


def expanded_target(t, what):
    check(one(t, OA + "hasSource")["@id"] == SOURCE, f"{what}: source")
    sels = {s["@type"][0]: s for s in t[OA + "hasSelector"]}
    q, p = sels[OA + "TextQuoteSelector"], sels[OA + "TextPositionSelector"]
    start, end = int(value(p, OA + "start")), int(value(p, OA + "end"))
    check_slice(text, start, end, value(q, OA + "exact"), f"{what} (expanded)")


for k, a in enumerate(exp_items):
    check(a["@type"] == [OA + "Annotation"], f"item {k} type {a['@type']}")
    motivation = one(a, OA + "motivatedBy")["@id"]
    check(motivation in (OA + "tagging", OA + "classifying"), f"item {k} motivation {motivation}")
    for b in a[OA + "hasBody"]:
        check(b["@type"] == [OA + "TextualBody"], f"item {k} body type")
        check(one(b, OA + "hasPurpose")["@id"].startswith(OA), f"item {k} body purpose")
        check(isinstance(value(b, RDF + "value"), str), f"item {k} body value")
    for j, t in enumerate(a[OA + "hasTarget"]):
        expanded_target(t, f"item {k} target {j}")
print(f"ok: {len(exp_items)} annotations expanded as JSON-LD")
print(f"consumer: PyLD {pyld.__about__.__version__} (context: tests/consumers/anno-subset.jsonld)")
