// Host pages (tests/hosts/): a strict policy, a policy without 'wasm-unsafe-eval',
// aggressive global CSS; plus the input limit, output caps and the JS glue.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { WWW, setup } from "./helpers.mjs";
import { HOSTS, openHost as openHostIn } from "./security-harness.mjs";

let env;
before(async () => {
  env = await setup({ mounts: { "/hosts/": HOSTS } });
});
after(() => env?.close());

const openHost = (name) => openHostIn(env, name);

/** Resolves when the element `sel` has a result or an error; returns {ok, code, message, status}. */
function settled(page, sel) {
  return page.evaluate(async (sel) => {
    const el = document.querySelector(sel);
    const status = () => el.shadowRoot.querySelector('[part~="status"]').textContent;
    for (let i = 0; i < 1000; i++) {
      if (el.annotations) return { ok: true, status: status() };
      if (el.shadowRoot.querySelector('[part~="status"]').classList.contains("error")) return { ok: false, status: status() };
      await new Promise((r) => setTimeout(r, 10));
    }
    return { ok: false, status: `timeout: ${status()}` };
  }, sel);
}

test("strict host policy (script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; Trusted Types 'none'): both modes work, zero violations", async () => {
  const { page, context, errors, requests } = await openHost("strict");
  const csp = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]').content);
  for (const d of ["script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'", "require-trusted-types-for 'script'", "trusted-types 'none'"]) assert.ok(csp.includes(d), d);
  assert.doesNotMatch(csp, /'unsafe-eval'|'unsafe-inline'/);
  assert.ok((await settled(page, "#own")).ok);
  assert.ok((await settled(page, "#inplace")).ok);
  const state = await page.evaluate(() => ({
    own: document.querySelector("#own").shadowRoot.querySelectorAll("article-annotator-mark").length,
    inplace: document.querySelectorAll("#story article-annotator-mark").length,
  }));
  assert.ok(state.own > 0 && state.inplace > 0, JSON.stringify(state));
  // A long text goes to a Worker where one can start; under Trusted Types 'none' it cannot
  // be created from a URL string, and the element must fall back without a violation.
  const long = await page.evaluate(async () => {
    const el = document.createElement("article-annotator");
    el.text = "President Joe Biden met Chancellor Olaf Scholz in Berlin. “We agree,” Scholz said.\n\n".repeat(1200);
    const done = new Promise((ok) => {
      el.addEventListener("annotated", () => ok("annotated"), { once: true });
      el.addEventListener("annotation-error", (e) => ok(e.detail.message), { once: true });
    });
    document.getElementById("slot").append(el);
    const outcome = await done;
    return { outcome, length: el.text.length, mentions: el.annotations?.mentions.length };
  });
  assert.equal(long.outcome, "annotated");
  assert.ok(long.length >= 65536 && long.mentions > 1000, JSON.stringify(long));
  // Interaction: hover, focus, select: the tooltip positions itself via CSSOM, not a style attribute string.
  await page.locator("#own").locator("article-annotator-mark").first().hover();
  await page.locator("#own").locator("article-annotator-mark").first().click();
  await page.click("#host-button");
  assert.equal(await page.textContent("#host-count"), "1");
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(requests.bad(), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("host policy without 'wasm-unsafe-eval': a contained 'cannot run here' state, the text readable, the host page working", async () => {
  const { page, context, errors } = await openHost("nowasm");
  const own = await settled(page, "#own");
  const inplace = await settled(page, "#inplace");
  for (const s of [own, inplace]) {
    assert.equal(s.ok, false);
    assert.match(s.status, /does not allow WebAssembly.*'wasm-unsafe-eval'/);
  }
  const state = await page.evaluate(() => ({
    text: document.querySelector("#own").shadowRoot.querySelector('[part~="article"]').textContent,
    story: document.querySelector("#story").textContent,
    marks: document.querySelectorAll("article-annotator-mark").length,
    violations: window.__violations,
  }));
  assert.equal(state.text, "President Joe Biden met Chancellor Olaf Scholz in Berlin on Monday.", "the element's text stays readable");
  assert.match(state.story, /We cannot air-condition a whole city/);
  assert.equal(state.marks, 0);
  assert.ok(state.violations.length > 0 && state.violations.every((v) => /^script-src wasm-eval$/.test(v)), state.violations.join());
  // The host's own script still runs.
  await page.click("#host-button");
  await page.click("#host-button");
  assert.equal(await page.textContent("#host-count"), "2");
  // Only the browser's own report of the refused compile reaches the console; no uncaught error.
  assert.deepEqual(errors.filter((e) => !/wasm-unsafe-eval|WebAssembly|Content Security Policy/i.test(e)), []);
  await context.close();
});

/** Styles that decide how the text and highlights look. */
const LOOK = ["display", "visibility", "unicodeBidi", "backgroundColor", "backgroundImage", "boxShadow", "color", "fontSize", "fontStyle",
  "fontFamily", "fontVariant", "textTransform", "letterSpacing", "wordSpacing", "textIndent", "whiteSpace", "writingMode", "lineHeight",
  "webkitTextFillColor", "textShadow", "opacity"];

function widgetLook(page, text) {
  return page.evaluate(async ({ text, LOOK }) => {
    const el = document.createElement("article-annotator");
    el.text = text;
    const done = new Promise((ok) => el.addEventListener("annotated", ok, { once: true }));
    document.getElementById("slot").replaceChildren(el);
    await done;
    const pick = (e) => Object.fromEntries(LOOK.map((k) => [k, getComputedStyle(e)[k]]));
    const art = el.shadowRoot.querySelector('[part~="article"]');
    const marks = [...art.querySelectorAll("article-annotator-mark")];
    const box = art.getBoundingClientRect();
    return {
      innerText: art.innerText,
      article: pick(art),
      marks: marks.map((m) => ({ text: m.textContent, ...pick(m) })),
      visible: box.width > 100 && box.height > 10,
      box: [box.width, box.height, getComputedStyle(el).display, getComputedStyle(el).writingMode],
    };
  }, { text, LOOK });
}

test("aggressive host CSS changes neither the widget's text nor its highlights; the widget's styles do not leak", async () => {
  const text = "“We will win,” said President Joe Biden in Washington on Monday, after Chancellor Olaf Scholz paid $5 billion.";
  const plain = await openHost("strict");
  const want = await widgetLook(plain.page, text);
  await plain.context.close();

  const { page, context, errors, requests } = await openHost("aggressive");
  const lookalikes = () => page.evaluate((LOOK) => [...document.querySelectorAll("#lookalikes *")].map((e) =>
    `${e.localName}.${e.className}: ${LOOK.map((k) => getComputedStyle(e)[k]).join("|")}`), LOOK);
  const hostBefore = await lookalikes();
  const got = await widgetLook(page, text);
  assert.ok(want.marks.length >= 4, "highlights to compare");
  assert.deepEqual(got.innerText, want.innerText, "the rendered (innerText) article text");
  assert.deepEqual(got.article, want.article, "the article's look");
  assert.deepEqual(got.marks, want.marks, "the highlights' look");
  assert.ok(got.visible, `the article is laid out: ${got.box}`);

  // In place, generic traps (mark, span, q, bdi... display:none !important, * {all: unset}) do not hide highlights.
  const inplace = await page.evaluate(async () => {
    const story = document.createElement("article");
    story.id = "story";
    story.textContent = "“We will win,” said President Joe Biden in Washington on Monday.";
    const el = document.createElement("article-annotator");
    el.setAttribute("for", "story");
    const done = new Promise((ok) => el.addEventListener("annotated", ok, { once: true }));
    document.getElementById("slot").replaceChildren(story, el);
    await done;
    return [...story.querySelectorAll("article-annotator-mark")].map((m) => {
      const s = getComputedStyle(m);
      return { display: s.display, visibility: s.visibility, unicodeBidi: s.unicodeBidi, bg: s.backgroundColor, text: m.textContent };
    });
  });
  assert.ok(inplace.length >= 2);
  for (const m of inplace) {
    assert.equal(m.display, "inline", m.text);
    assert.equal(m.visibility, "visible", m.text);
    assert.equal(m.unicodeBidi, "isolate", m.text);
    assert.notEqual(m.bg, "rgb(255, 0, 0)", m.text);
  }
  assert.deepEqual(await lookalikes(), hostBefore, "host elements with the widget's class names look the same");
  assert.deepEqual(requests.bad(), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("limits: over the maximum input size, refused within 100 ms with a message naming the limit (element and page)", async () => {
  const { page, context } = await env.newPage();
  await page.goto(env.url);
  await page.waitForFunction(() => document.querySelector("#view").annotations !== null);
  const r = await page.evaluate(async () => {
    const { maxInputLength } = await import("/engine.js");
    const max = maxInputLength();
    const big = "a".repeat(max + 1);
    const view = document.querySelector("#view");
    const t0 = performance.now();
    const detail = await new Promise((ok) => {
      view.addEventListener("annotation-error", (e) => ok(e.detail), { once: true });
      view.text = big;
    });
    const ms = performance.now() - t0;
    // And through the text box: the count names the limit at once.
    const input = document.querySelector("#input");
    input.value = big;
    input.dispatchEvent(new InputEvent("input", { bubbles: true }));
    return {
      max, ms, detail,
      status: view.shadowRoot.querySelector('[part~="status"]').textContent,
      count: document.querySelector("#count").textContent,
      limitNote: document.querySelector("#limit").textContent,
    };
  });
  console.log(`# over-limit input (${r.max + 1} units) refused in ${r.ms.toFixed(1)} ms`);
  assert.equal(r.max, 4_000_000);
  assert.equal(r.detail.code, "too-long");
  assert.ok(r.ms < 100, `${r.ms} ms`);
  assert.match(r.status, /the limit is 4,000,000/);
  assert.match(r.count, /over the 4,000,000 limit/);
  assert.match(r.limitNote, /4,000,000 characters/);
  await context.close();
});

test("output caps: the panels list at most 250 entities per type; the result grows linearly with the text", async () => {
  const { page, context } = await openHost("strict");
  const r = await page.evaluate(async () => {
    const names = [];
    const A = "BCDFGHJKLMNPRSTVZ";
    for (let i = 0; i < 600; i++) names.push(`Mr. ${A[i % 17]}${"aeiou"[i % 5]}${A[(i / 17 | 0) % 17].toLowerCase()}${"aeiou"[(i / 5 | 0) % 5]}n said so.`);
    const el = document.createElement("article-annotator");
    el.text = names.join(" ");
    const done = new Promise((ok) => el.addEventListener("annotated", ok, { once: true }));
    document.getElementById("slot").replaceChildren(el);
    await done;
    const people = el.annotations.entities.filter((e) => e.type === "PERSON").length;
    const grp = el.shadowRoot.querySelector('.grp[data-type="person"]');
    return {
      people,
      buttons: grp ? grp.querySelectorAll("button").length : 0,
      more: grp ? grp.querySelector(".empty")?.textContent ?? "" : "",
      json: JSON.stringify(el.annotations).length,
      textLength: el.text.length,
    };
  });
  assert.ok(r.people > 250, `${r.people} people`);
  assert.equal(r.buttons, 250);
  assert.match(r.more, new RegExp(`and ${r.people - 250} more`));
  assert.ok(r.json < 64 * r.textLength, `${r.json} bytes of result for ${r.textLength} units`);
  await context.close();
});

test("the built JS glue and minified shell contain no eval or Function(; the pages' policies have no 'unsafe-eval'", async () => {
  const files = readdirSync(join(WWW, "pkg")).filter((f) => f.endsWith(".js")).map((f) => join(WWW, "pkg", f));
  if (existsSync(join(WWW, "dist"))) {
    const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith(".js") ? [join(d, e.name)] : []));
    files.push(...walk(join(WWW, "dist")));
  }
  assert.ok(files.some((f) => f.endsWith("pkg/article_annotator.js")), "www/pkg built");
  for (const f of files) assert.doesNotMatch(readFileSync(f, "utf8"), /\beval\s*\(|\bnew\s+Function\b|\bFunction\s*\(/, f);
  for (const page of ["index.html", "embed.html"]) {
    const csp = readFileSync(join(WWW, page), "utf8").match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1];
    assert.ok(csp, `${page} has a policy`);
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/, page);
    assert.doesNotMatch(csp, /'unsafe-eval'|'unsafe-inline'/, page);
  }
  // And the page runs under it: annotated, no violation.
  const { page, context, errors } = await env.newPage();
  await page.goto(env.url);
  await page.waitForFunction(() => document.querySelector("#view").annotations?.mentions.length > 0);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(errors, []);
  await context.close();
});
