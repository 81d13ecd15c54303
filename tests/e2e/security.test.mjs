// The hostile corpus (tests/hostile/) through every entry point of the product in
// headless Chromium: the page's text box, the element's `text` attribute and
// property, and in-place mode on a host article filled with textContent.
//
// Two oracles for "nothing runs": on a host with no CSP at all (tests/hosts/aggressive.html)
// any injected handler would run and call the sentinel __xss(); on a host with the strict
// policy (tests/hosts/strict.html) it would be blocked and reported as a violation.
// Each has a positive control proving its detector fires.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { setup } from "./helpers.mjs";
import { HOSTS, corpus, guardRequests, openHost as openHostIn, runEntry } from "./security-harness.mjs";

let env;
before(async () => {
  env = await setup({ mounts: { "/hosts/": HOSTS } });
});
after(() => env?.close());

const ITEMS = corpus();

/** Classes, ids and attribute names the element writes itself (section 9, check 4). */
const TYPE_KEYS = ["person", "org", "gpe", "loc", "norp", "event", "date", "time", "money", "percent", "title"];
const CLASSES = new Set([
  ...TYPE_KEYS, ...TYPE_KEYS.map((k) => `aa-${k}`),
  "aa-ent", "aa-q", "aa-off", "aa-qoff", "aa-sel", "aa-qsel", "root", "bar", "chip", "quote", "zero", "sw", "n", "status", "error",
  "body", "no-article", "no-side", "article", "block", "panels", "list", "grp", "item", "nm", "vh", "qt", "qtext", "qmeta", "who",
  "none", "cue", "kind", "empty", "tip", "row", "ty", "sub", "sep", "q", "open",
  "srow", "nav", "navb", "aa-end",
]);
const IDS = new Set(["ent-h", "quote-h", "tip", "hostile-story"]);
const ATTRS = new Set([
  "class", "part", "role", "id", "tabindex", "type", "hidden", "popover", "style", "data-e", "data-q", "data-m", "data-type", "data-test",
  "aria-label", "aria-labelledby", "aria-description", "aria-pressed", "aria-hidden", "aria-live",
  "aria-keyshortcuts", "title", "disabled",
]);
const HIGHLIGHTS = new Set(["article-annotator-cue", "article-annotator-speaker"]);

const openHost = (name) => openHostIn(env, name);

/** Runs the corpus through one entry point and checks the names it produced. */
async function corpusThrough(page, entry) {
  const out = await page.evaluate(runEntry, { entry, json: JSON.stringify(ITEMS) });
  assert.deepEqual(out.failures, [], `${entry}: ${out.failures.length} failures`);
  assert.ok(out.marks > ITEMS.length, `${entry}: highlights were made (${out.marks})`);
  assert.deepEqual(out.classes.filter((c) => !CLASSES.has(c)), [], `${entry}: class names not from the element's table`);
  assert.deepEqual(out.ids.filter((c) => !IDS.has(c)), [], `${entry}: ids`);
  assert.deepEqual(out.attrs.filter((c) => !ATTRS.has(c)), [], `${entry}: attribute names`);
  assert.deepEqual(out.highlights.filter((c) => !HIGHLIGHTS.has(c)), [], `${entry}: highlight names`);
  return out;
}

/** Lets any (wrongly) created image, frame or handler load or run, then reads the sentinel. */
async function sentinelHits(page) {
  await page.waitForTimeout(300);
  return page.evaluate(() => window.__xssHits);
}

test(`corpus (${ITEMS.length} inputs) through attribute, property and in-place on a host without CSP: nothing runs, exact text and offsets`, async () => {
  const { page, context, errors, requests } = await openHost("aggressive");
  for (const entry of ["attribute", "property", "in-place"]) await corpusThrough(page, entry);
  assert.deepEqual(await sentinelHits(page), [], "the sentinel was called");
  assert.deepEqual(requests.bad(), [], "requests other than the widget's own files");
  assert.deepEqual(errors, []);

  // Positive control: the same payloads through an HTML sink fire every detector.
  await page.evaluate((texts) => {
    const scratch = document.createElement("div");
    scratch.dataset.test = "";
    document.body.append(scratch);
    window.__added.length = 0;
    scratch.innerHTML = texts.join("\n"); // the sink the product never uses
  }, ITEMS.filter((i) => i.group === "event-handlers" || i.group === "script-tags").map((i) => i.text));
  const hits = await sentinelHits(page);
  assert.ok(hits.includes("img-onerror") && hits.includes("img-quoted"), `the sentinel fires through innerHTML: ${hits}`);
  assert.ok(requests.bad().some((u) => u.includes("/sentinel/")), "the request guard sees the sentinel request");
  assert.ok((await page.evaluate(() => window.__added)).includes("img"), "the element detector sees <img>");
  await context.close();
});

test("corpus through attribute, property and in-place on the strict-CSP host: no violation, nothing runs", async () => {
  const { page, context, errors, requests } = await openHost("strict");
  for (const entry of ["attribute", "property", "in-place"]) await corpusThrough(page, entry);
  assert.deepEqual(await sentinelHits(page), []);
  assert.deepEqual(await page.evaluate(() => window.__violations), [], "CSP or Trusted Types violations");
  assert.deepEqual(requests.bad(), []);
  assert.deepEqual(errors, []);

  // Positive control: an HTML sink is refused under this policy and reported.
  const refused = await page.evaluate(() => {
    try {
      document.body.insertAdjacentHTML("beforeend", "<img src=/sentinel/strict onerror=__xss('strict')>");
      return false;
    } catch (e) {
      return e instanceof TypeError;
    }
  });
  assert.ok(refused, "Trusted Types refuse a string HTML sink");
  await page.waitForFunction(() => window.__violations.length > 0);
  assert.match((await page.evaluate(() => window.__violations)).join(), /require-trusted-types-for/);
  await context.close();
});

test("corpus through the page's text box: rendered text is the box's value, nothing runs or loads, no violation", async () => {
  const { page, context, errors } = await env.newPage();
  const requests = guardRequests(page, env.url);
  await page.addInitScript(() => {
    window.__xssHits = [];
    window.__xss = (id) => window.__xssHits.push(String(id));
  });
  await page.goto(env.url);
  await page.waitForFunction(() => document.querySelector("#view").annotations !== null);
  // In the page, as a paste does: set the box's value and fire `input` (items as JSON, see runEntry).
  const failures = await page.evaluate(async (json) => {
    const items = JSON.parse(json);
    const view = document.querySelector("#view");
    const input = document.querySelector("#input");
    const art = view.shadowRoot.querySelector('[part~="article"]');
    const status = view.shadowRoot.querySelector('[part~="status"]');
    const failures = [];
    for (const { id, text } of items) {
      if (text === "") continue; // "" is the Clear button's case (page.test.mjs)
      input.value = text;
      input.dispatchEvent(new InputEvent("input", { inputType: "insertFromPaste", bubbles: true }));
      const value = input.value;
      // The textarea's API value turns CRLF and CR into LF (HTML spec); the element gets that value.
      if (value !== text.replace(/\r\n?/g, "\n")) failures.push(`${id}: the box's value is not the pasted text`);
      let ok = false;
      for (let i = 0; i < 500 && !ok; i++) {
        await new Promise((r) => setTimeout(r, 10));
        ok = view.annotations !== null && view.text === value && art.textContent === value.toWellFormed() && !status.textContent.startsWith("Annotating");
      }
      if (!ok) failures.push(`${id}: not annotated and shown as the box's value`);
      const tags = [...art.querySelectorAll("*")].map((e) => e.localName).filter((n) => n !== "article-annotator-mark" && n !== "div");
      if (tags.length) failures.push(`${id}: elements ${tags}`);
      const wf = value.toWellFormed();
      const bad = (view.annotations?.mentions ?? []).filter((m) => m.text !== wf.slice(m.start, m.end)).length;
      if (bad) failures.push(`${id}: ${bad} mentions do not slice to their text`);
    }
    return failures;
  }, JSON.stringify(ITEMS));
  assert.deepEqual(failures, []);
  assert.deepEqual(await sentinelHits(page), []);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(requests.bad(), []);
  assert.deepEqual(errors, []);
  await context.close();
});
