// The JavaScript contract of the wasm boundary, checked in Node against the built
// www/pkg/ (no browser needed): result shape, UTF-16 offsets, odd inputs, limits.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { WWW } from "./helpers.mjs";

const glue = await import(pathToFileURL(join(WWW, "pkg", "article_annotator.js")).href);
glue.initSync({ module: readFileSync(join(WWW, "pkg", "article_annotator_bg.wasm")) });

const SAMPLE = readFileSync(join(WWW, "sample.txt"), "utf8");
const TYPES = new Set(["PERSON", "NORP", "ORG", "GPE", "LOC", "EVENT", "DATE", "TIME", "MONEY", "PERCENT", "TITLE"]);
const KINDS = new Set(["direct", "term", "indirect"]);

/** Checks every invariant of one result for `text`; returns the result. */
function check(text) {
  const r = glue.annotate(text);
  assert.equal(typeof r.version, "number");
  assert.equal(r.unit, "utf16");
  assert.equal(typeof r.truncated, "boolean");
  for (const key of ["entities", "mentions", "quotes"]) assert.ok(Array.isArray(r[key]), key);
  const inText = (s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= text.length;
  const notInPair = (i) => !(i > 0 && i < text.length && /[\uD800-\uDBFF]/.test(text[i - 1]) && /[\uDC00-\uDFFF]/.test(text[i]));
  r.mentions.forEach((m, i) => {
    assert.ok(inText(m) && m.start < m.end, `mention ${i} span`);
    assert.ok(notInPair(m.start) && notInPair(m.end), `mention ${i} splits a surrogate pair`);
    assert.ok(TYPES.has(m.type), m.type);
    // Equal up to lone surrogates, which arrive in Rust as U+FFFD (one unit too).
    assert.equal(m.text, text.slice(m.start, m.end).toWellFormed(), `mention ${i} text`);
    assert.ok(r.entities[m.cluster]?.mentions.includes(i), `mention ${i} cluster`);
  });
  r.entities.forEach((e, i) => {
    assert.equal(e.id, i);
    assert.ok(TYPES.has(e.type));
    assert.equal(typeof e.name, "string");
    assert.ok(e.mentions.length > 0 && e.mentions.every((k) => r.mentions[k]?.cluster === i));
  });
  for (const q of r.quotes) {
    assert.ok(KINDS.has(q.kind), q.kind);
    assert.ok(inText(q) && q.parts.length > 0 && q.parts.every(inText));
    assert.equal(q.start, q.parts[0].start);
    assert.equal(q.end, q.parts.at(-1).end);
    if (q.speaker !== null) assert.ok(r.entities[q.speaker], "speaker entity");
    if (q.cue_span) assert.equal(q.cue, text.slice(q.cue_span.start, q.cue_span.end).toWellFormed());
  }
  return r;
}

test("version and limit", () => {
  assert.match(glue.version(), /^\d+\.\d+\.\d+ \(result v\d+\)$/);
  assert.equal(glue.maxInputLength(), 4_000_000);
});

test("the sample article satisfies the contract", () => {
  check(SAMPLE);
});

test("offsets are UTF-16 units: a name after emoji, CJK and combining marks", () => {
  const pre = "😀🇵🇱👩‍👩‍👧 漢字テキスト e\u0301\u0301 שלום עולם. ";
  for (const text of [pre + SAMPLE, SAMPLE.replaceAll(" the ", " 😀 the ")]) check(text);
});

test("odd inputs never break the instance, and an ordinary text still annotates after them", () => {
  const odd = [
    "", " ", "\n\n\n", "\uD800", "a\uDC00b", "\uDBFF\uDFFF", "\u0000\u0001\u0002", "\uFEFFBOM",
    "“".repeat(10_000), "\"".repeat(10_001), "'".repeat(5000), "«»„“”‘’‹›".repeat(2000),
    "A".repeat(200_000), "Mr. ".repeat(20_000), "Said said said, “", "e\u0301".repeat(20_000),
    "\u202E\u2066\u2069", "\r\n\r\r\n", "<script>alert(1)</script></textarea></mark>", "__proto__ constructor toString",
    "🇵🇱".repeat(5000), SAMPLE.slice(0, 1001),
  ];
  for (const text of odd) check(text);
  const after = check(SAMPLE);
  const before = glue.annotate(SAMPLE);
  assert.deepEqual(after, before, "same result after the odd inputs");
});

test("input over the limit is refused quickly with a message naming the limit", () => {
  const big = "a ".repeat(2_000_001);
  const t0 = performance.now();
  assert.throws(() => glue.annotate(big), /4000000/);
  assert.ok(performance.now() - t0 < 1000);
  check("Still fine.");
});

test("export: json parses to the same result; html escapes the text", () => {
  const text = "<b>Angela Merkel</b> said “Wir schaffen das” in Berlin & Paris.";
  const json = JSON.parse(glue._export(text, "json"));
  assert.deepEqual(json, JSON.parse(JSON.stringify(glue.annotate(text))));
  const html = glue._export(text, "html");
  assert.doesNotMatch(html, /<b>/);
  assert.throws(() => glue._export(text, "no-such-format"), /format/);
});
