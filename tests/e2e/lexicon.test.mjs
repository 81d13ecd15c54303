// Site lexicons in the browser: the element's `lexicon` property, its `lexicon-src`
// attribute (same origin only, fetched once), the raw API's options, the page's
// "Site lexicon…" file, and a malformed file refused with its line and field.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, setup, shot } from "./helpers.mjs";

const FIXTURES = join(ROOT, "tests", "e2e", "fixtures");
const LEXICON = readFileSync(join(FIXTURES, "site-lexicon.json"), "utf8");
// Made-up names: a person with an alias, a quay the model takes for a person, a company named by its alias.
const TEXT = "Ilvane Drust opened the new ferry terminal at Kessick Quay on Friday. “It is a start,” Drust said. Farrowmere will run six boats a day.";

let env;
before(async () => {
  env = await setup();
});
after(() => env?.close());

/** In a fresh page: an element set up by `how`, annotating TEXT; resolves to its outcome. */
async function run(how, extra = {}) {
  const p = await env.newPage();
  const requests = [];
  p.page.on("request", (r) => requests.push(new URL(r.url()).pathname + (new URL(r.url()).host === new URL(env.url).host ? "" : ` @${new URL(r.url()).host}`)));
  await p.page.goto(`${env.url}__fixtures__/host.html`);
  const out = await p.page.evaluate(async ({ how, text, lexicon, extra }) => {
    await import("/define.js");
    const el = document.createElement("article-annotator");
    el.text = text;
    if (how === "property-object") el.lexicon = JSON.parse(lexicon);
    else if (how === "property-text") el.lexicon = lexicon;
    else if (how === "src") el.setAttribute("lexicon-src", extra.src);
    const outcome = new Promise((ok) => {
      el.addEventListener("annotated", (e) => ok({ ok: true, result: e.detail }), { once: true });
      el.addEventListener("annotation-error", (e) => ok({ ok: false, detail: e.detail }), { once: true });
    });
    document.querySelector("#slot").append(el);
    const o = await outcome;
    const root = el.shadowRoot;
    return {
      ...o,
      text: root.querySelector('[part~="article"]').textContent,
      status: root.querySelector('[part~="status"]').textContent,
      statusRole: root.querySelector('[part~="status"]').getAttribute("role"),
      entities: o.ok ? o.result.entities.map((e) => [e.type, e.name, e.mentions.map((i) => o.result.mentions[i].text)]) : null,
    };
  }, { how, text: TEXT, lexicon: LEXICON, extra });
  return { ...p, out, requests };
}

const PERSON = ["PERSON", "Ilvane Drust", ["Ilvane Drust", "Drust"]];
const QUAY = ["LOC", "Kessick Quay", ["Kessick Quay"]];
const FERRY = ["ORG", "Farrowmere Ferry Company", ["Farrowmere"]];

test("a site lexicon changes the result as documented: its types win and aliases join the entry's entity", async () => {
  const plain = await run("none");
  assert.ok(plain.out.ok);
  // What the built-in lexicons and model make of these made-up names (the lexicon must change it).
  assert.ok(!plain.out.entities.some((e) => JSON.stringify(e) === JSON.stringify(QUAY)), JSON.stringify(plain.out.entities));
  assert.ok(!plain.out.entities.some((e) => e[1] === "Farrowmere Ferry Company"));
  await plain.context.close();
  for (const how of ["property-object", "property-text", "src"]) {
    const { out, context, errors, page } = await run(how, { src: "/__fixtures__/site-lexicon.json" });
    assert.ok(out.ok, `${how}: ${out.status}`);
    for (const want of [PERSON, QUAY, FERRY]) assert.ok(out.entities.some((e) => JSON.stringify(e) === JSON.stringify(want)), `${how}: ${JSON.stringify(want)} in ${JSON.stringify(out.entities)}`);
    assert.equal(out.text, TEXT);
    if (how === "src") await shot(page, "lexicon-src");
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("the raw API takes the lexicon in its options, also for long texts annotated in the Worker", async () => {
  const { page, context, errors } = await env.newPage();
  const workers = [];
  page.on("worker", (w) => workers.push(w.url()));
  await page.goto(`${env.url}__fixtures__/host.html`);
  const r = await page.evaluate(async ({ text, lexicon }) => {
    const api = await import("/annotate.js");
    const short = await api.annotate(text, { lexicon: JSON.parse(lexicon) });
    const long = text + "\n\n" + "The weather stayed calm over the harbour all week. ".repeat(1400);
    const big = await api.annotate(long, { lexicon });
    const again = await api.annotate(long + " Drust left.", { lexicon });
    const csv = await api.export(text, "csv", { lexicon });
    let error = null;
    try {
      await api.annotate(text, { lexicon: "[{\"name\": \"X\"}]" });
    } catch (e) {
      error = { code: e.code, line: e.line, field: e.field, message: e.message };
    }
    const ent = (res, name) => res.entities.find((e) => e.name === name);
    return {
      short: ent(short, "Kessick Quay")?.type,
      bigLength: long.length,
      big: ent(big, "Farrowmere Ferry Company")?.type,
      again: ent(again, "Ilvane Drust")?.mentions.length,
      csv: csv.includes("Farrowmere Ferry Company,ORG,1,Farrowmere"),
      error,
    };
  }, { text: TEXT, lexicon: LEXICON });
  assert.equal(r.short, "LOC");
  assert.ok(r.bigLength >= 65536, "long enough for the Worker");
  assert.equal(r.big, "ORG");
  assert.equal(workers.length, 1, "the long texts went through the Worker");
  assert.equal(r.again, 3, "the Worker keeps the lexicon it was sent once");
  assert.ok(r.csv, "export takes the lexicon too");
  assert.deepEqual({ ...r.error, message: undefined }, { code: "lexicon", line: 1, field: "[0].type", message: undefined });
  assert.match(r.error.message, /line 1: \[0\]\.type/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a malformed lexicon file is refused with a visible message naming its line and field", async () => {
  const { out, context, page } = await run("src", { src: "/__fixtures__/site-lexicon-bad.json" });
  assert.equal(out.ok, false);
  assert.equal(out.detail.code, "lexicon");
  assert.equal(out.detail.line, 4);
  assert.equal(out.detail.field, "entries[1].type");
  assert.match(out.detail.message, /site-lexicon-bad\.json.*line 4: entries\[1\]\.type: unknown type "PLACE"/);
  assert.equal(out.status, out.detail.message, "the same message is shown in the element");
  assert.equal(out.statusRole, "alert");
  assert.equal(out.text, TEXT, "the text stays readable");
  await shot(page, "lexicon-error");
  await context.close();
});

test("lexicon-src: other origins are refused without a request; a file is fetched once for many elements", async () => {
  const other = env.url.replace("127.0.0.1", "localhost") + "__fixtures__/site-lexicon.json";
  const cross = await run("src", { src: other });
  assert.equal(cross.out.ok, false);
  assert.equal(cross.out.detail.code, "lexicon");
  assert.match(cross.out.status, /own origin/);
  assert.ok(!cross.requests.some((r) => r.includes("site-lexicon") ), `no request: ${cross.requests}`);
  await cross.context.close();

  const { page, context, errors } = await env.newPage();
  const fetched = [];
  page.on("request", (r) => r.url().includes("site-lexicon") && fetched.push(r.url()));
  await page.goto(`${env.url}__fixtures__/host.html`);
  const names = await page.evaluate(async (text) => {
    await import("/define.js");
    const els = [0, 1, 2].map(() => {
      const el = document.createElement("article-annotator");
      el.setAttribute("lexicon-src", "/__fixtures__/site-lexicon.json");
      el.text = text;
      document.querySelector("#slot").append(el);
      return el;
    });
    const done = (el) => new Promise((ok) => el.addEventListener("annotated", ok, { once: true }));
    await Promise.all(els.map(done));
    const again = done(els[0]);
    els[0].text = text + " Ms. Drust agreed.";
    await again;
    return els.map((el) => el.annotations.entities.find((e) => e.name === "Ilvane Drust")?.mentions.length);
  }, TEXT);
  assert.deepEqual(names, [3, 2, 2]);
  assert.equal(fetched.length, 1, "one fetch for three elements and a re-annotation");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the page: a site lexicon read from a .json file changes the highlights and can be removed", async () => {
  const { page, context, errors } = await env.newPage();
  await page.goto(env.url);
  await page.waitForFunction(() => document.querySelector("#view").annotations !== null, null, { timeout: 15_000 });
  await page.fill("#input", TEXT);
  const entity = (name) => page.waitForFunction(({ text, name }) => {
    const v = document.querySelector("#view");
    return v.annotations && v.text === text && (v.annotations.entities.find((e) => e.name === name)?.type ?? "none");
  }, { text: TEXT, name }, { timeout: 15_000 }).then((h) => h.jsonValue());
  assert.notEqual(await entity("Kessick Quay"), "LOC");
  await page.setInputFiles("#lexicon-file", { name: "newsroom.json", mimeType: "application/json", buffer: Buffer.from(LEXICON) });
  await page.waitForFunction(() => document.querySelector("#view").annotations?.entities.some((e) => e.name === "Kessick Quay" && e.type === "LOC"), null, { timeout: 15_000 });
  assert.match(await page.textContent("#lexicon-note"), /newsroom\.json/);
  await page.click("#lexicon-off");
  await page.waitForFunction(() => !document.querySelector("#view").annotations?.entities.some((e) => e.name === "Farrowmere Ferry Company"), null, { timeout: 15_000 });
  assert.equal(await page.textContent("#lexicon-note"), "No site lexicon.");
  assert.deepEqual(errors, []);
  await context.close();
});
