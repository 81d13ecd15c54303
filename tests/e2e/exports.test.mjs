// The page's export menu: each of the six formats downloads (and copies) what the
// core renders, and every position in it gives back the exact text: UTF-16 units
// for json, displaCy and csv-quotes, code points for W3C (Array.from(text)).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { setup } from "./helpers.mjs";

// Astral characters (emoji, a flag) before the names make UTF-16 and code-point offsets differ;
// a quote starting with "=" exercises the CSV formula guard; "<b>" and "&" the HTML escaping.
const TEXT = "😀 President Emmanuel Macron met Chancellor Olaf Scholz in Berlin on Monday, and the 🇩🇪 press came.\n\n"
  + "“=SUM(A1) is not a plan,” Scholz said. The Bank of England will act <b>soon</b> & firmly, Governor Andrew Bailey told reporters in London.\n\n"
  + "Macron said the talks had been “frank”. Prices rose 2.5% to $4 billion.";

let env;
before(async () => {
  env = await setup();
});
after(() => env?.close());

async function open() {
  const p = await env.newPage({ acceptDownloads: true, permissions: ["clipboard-read", "clipboard-write"] });
  await p.page.goto(env.url);
  await p.page.waitForFunction(() => document.querySelector("#view").annotations !== null, null, { timeout: 15_000 });
  await p.page.fill("#input", TEXT);
  await p.page.waitForFunction((t) => {
    const v = document.querySelector("#view");
    return v.annotations && v.text === t && v.shadowRoot.querySelector('[part~="article"]').textContent === t;
  }, TEXT, { timeout: 15_000 });
  return p;
}

async function download(page, format) {
  await page.selectOption("#format", format);
  const [d] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
  return { name: d.suggestedFilename(), body: readFileSync(await d.path(), "utf8") };
}

/** RFC 4180: quoted fields with doubled quotes, CRLF rows. */
function parseCsv(s) {
  const rows = [];
  let row = [];
  let field = "";
  let i = 0;
  let quoted = false;
  while (i < s.length) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') (field += '"'), (i += 2);
      else if (c === '"') (quoted = false), i++;
      else (field += c), i++;
    } else if (c === '"') (quoted = true), i++;
    else if (c === ",") row.push(field), (field = ""), i++;
    else if (c === "\r" && s[i + 1] === "\n") row.push(field), rows.push(row), (row = []), (field = ""), (i += 2);
    else (field += c), i++;
  }
  if (field !== "" || row.length) row.push(field), rows.push(row);
  return rows;
}

/** Undoes the formula-injection guard (docs/exports.md). */
const unguard = (s) => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

test("every export format round-trips positions to the exact text", async () => {
  const { page, errors, context } = await open();
  const result = await page.evaluate(() => document.querySelector("#view").annotations);
  assert.ok(result.mentions.length >= 6 && result.quotes.length >= 2, "the text has names and quotes");
  assert.notEqual(TEXT.length, Array.from(TEXT).length, "UTF-16 and code points differ in this text");

  // json: the result itself.
  const json = await download(page, "json");
  assert.equal(json.name, "article-annotations.json");
  const r = JSON.parse(json.body);
  assert.deepEqual(r, result);
  assert.equal(r.unit, "utf16");
  for (const m of r.mentions) assert.equal(TEXT.slice(m.start, m.end), m.text);

  // w3c: one annotation per mention, then per quote; code-point positions; quote selectors.
  const w3c = await download(page, "w3c");
  assert.equal(w3c.name, "article-annotations.jsonld");
  const col = JSON.parse(w3c.body);
  assert.equal(col["@context"], "http://www.w3.org/ns/anno.jsonld");
  assert.equal(col.type, "AnnotationCollection");
  const items = col.first.items;
  assert.equal(items.length, r.mentions.length + r.quotes.length);
  const cps = Array.from(TEXT);
  let targets = 0;
  for (const [k, a] of items.entries()) {
    assert.equal(a.type, "Annotation");
    for (const t of [a.target].flat()) {
      const pos = t.selector.find((s) => s.type === "TextPositionSelector");
      const quote = t.selector.find((s) => s.type === "TextQuoteSelector");
      const exact = cps.slice(pos.start, pos.end).join("");
      assert.equal(exact, quote.exact, `annotation ${k}: positions are code points`);
      if (quote.prefix) assert.equal(cps.slice(pos.start - Array.from(quote.prefix).length, pos.start).join(""), quote.prefix);
      if (quote.suffix) assert.equal(cps.slice(pos.end, pos.end + Array.from(quote.suffix).length).join(""), quote.suffix);
      targets++;
    }
    if (k < r.mentions.length) {
      assert.equal(a.motivation, "tagging");
      assert.equal([a.target].flat()[0].selector.find((s) => s.type === "TextQuoteSelector").exact, r.mentions[k].text);
      assert.ok([a.body].flat().some((b) => b.purpose === "tagging" && b.value === r.mentions[k].type));
    } else assert.equal(a.motivation, "classifying");
  }
  assert.ok(targets >= items.length);

  // displaCy: the text and one ent per mention, UTF-16 offsets.
  const dis = await download(page, "displacy");
  const d = JSON.parse(dis.body);
  assert.equal(d.text, TEXT);
  assert.deepEqual(d.ents.map((e) => [TEXT.slice(e.start, e.end), e.label]), r.mentions.map((m) => [m.text, m.type]));

  // csv (entities): one row per entity, names and counts.
  const ents = await download(page, "csv");
  assert.equal(ents.name, "article-entities.csv");
  const rows = parseCsv(ents.body);
  assert.deepEqual(rows[0], ["id", "name", "type", "mentions", "forms"]);
  assert.deepEqual(rows.slice(1).map((x) => [Number(x[0]), unguard(x[1]), x[2], Number(x[3])]),
    r.entities.map((e) => [e.id, e.name, e.type, e.mentions.length]));

  // csv-quotes: speaker, the quoted words, positions that slice the text.
  const quotes = await download(page, "csv-quotes");
  const qrows = parseCsv(quotes.body);
  assert.deepEqual(qrows[0], ["speaker", "quote", "kind", "cue", "start", "end"]);
  assert.equal(qrows.length - 1, r.quotes.length);
  qrows.slice(1).forEach((x, i) => {
    const q = r.quotes[i];
    assert.deepEqual([Number(x[4]), Number(x[5])], [q.start, q.end]);
    assert.equal(unguard(x[1]), q.parts.map((p) => TEXT.slice(p.start, p.end)).join(" … "));
    assert.equal(x[0], q.speaker_name ?? "");
    assert.equal(x[2], q.kind);
  });
  assert.ok(qrows.some((x) => x[1].startsWith("'=SUM(A1)")), "a quote starting with = is guarded");

  // html: a standalone page; its marks are the mentions, its text the input.
  const html = await download(page, "html");
  assert.equal(html.name, "article-annotated.html");
  const view = await context.newPage();
  await view.setContent(html.body);
  const shown = await view.evaluate(() => ({
    marks: [...document.querySelectorAll("mark[data-type]")].map((m) => [m.textContent, m.dataset.type]),
    bold: document.querySelectorAll("b").length,
    scripts: document.scripts.length,
    text: document.body.textContent,
  }));
  assert.deepEqual(shown.marks, r.mentions.map((m) => [m.text, m.type]));
  assert.equal(shown.bold, 0, "<b> in the text is shown as text");
  assert.equal(shown.scripts, 0);
  assert.ok(shown.text.includes("<b>soon</b> & firmly"));

  // Copy gives the same as download; the element's export() is the API behind both.
  await page.selectOption("#format", "csv-quotes");
  await page.click("#copy");
  await page.waitForFunction(() => /Copied/.test(document.querySelector("#note").textContent));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), quotes.body);
  assert.equal(await page.evaluate(() => document.querySelector("#view").export("csv-quotes")), quotes.body);
  await assert.rejects(page.evaluate(() => document.querySelector("#view").export("xml")), /unknown format/);
  assert.deepEqual(errors, []);
  await context.close();
});
