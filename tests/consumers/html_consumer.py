"""The annotated HTML page (--format html): python3 html_consumer.py TEXT PAGE.html RESULT.json

Parses the page with Python's html.parser: the text inside <article> must
be the input exactly (everything escaped, nothing lost), there is no script
and no event-handler attribute, and the marks carry the mentions' types.
"""

import sys
from html.parser import HTMLParser

from common import LABELS, check, read_json, read_text

text, path, result = read_text(sys.argv[1]), sys.argv[2], read_json(sys.argv[3])
with open(path, encoding="utf-8", newline="") as f:
    page = f.read()


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.article, self.in_article, self.in_mark = [], False, False
        self.marked, self.types, self.bad = [], [], []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed", "img", "link"):
            self.bad.append(tag)
        self.bad += [f"{tag}[{k}]" for k, _ in attrs if k.startswith("on")]
        if tag == "article":
            self.in_article = True
        elif tag == "mark" and self.in_article:
            self.in_mark = True
            self.marked.append("")
            self.types.append(dict(attrs).get("data-type"))

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article = False
        elif tag == "mark":
            self.in_mark = False

    def handle_data(self, data):
        if self.in_article:
            self.article.append(data)
            if self.in_mark:
                self.marked[-1] += data


p = Page()
p.feed(page)
p.close()
check(not p.bad, f"active content in the page: {p.bad}")
got = "".join(p.article)
check(got == text.replace("\0", "\ufffd"), "the article text differs from the input")
check(all(t in LABELS for t in p.types), f"mark types {set(p.types)}")
# A mention crossing a quote edge is split into two marks; joined, the
# marked text is the mentions' text.
check("".join(p.marked) == "".join(m["text"] for m in result["mentions"]), "marked text differs from the mentions")
print(f"ok: {len(p.marked)} marks, article text round-trips")
print(f"consumer: python html.parser {sys.version.split()[0]}")
