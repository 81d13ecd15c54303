// The paste page (www/index.html) in headless Chromium.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { WWW, readWidget, setup, shot } from "./helpers.mjs";

const SAMPLE = readFileSync(join(WWW, "sample.txt"), "utf8");
let env;

before(async () => {
  env = await setup({
    // /nowasm/ serves the page under a host policy without 'wasm-unsafe-eval'.
    mounts: { "/nowasm/": WWW },
    headers: (path) => (path.startsWith("/nowasm") ? { "content-security-policy": "script-src 'self'" } : {}),
  });
});
after(() => env?.close());

/** Opens the page and waits until the sample is annotated. */
async function open(opts) {
  const p = await env.newPage(opts);
  const wasm = [];
  p.page.on("response", (r) => {
    if (r.url().endsWith(".wasm")) wasm.push({ status: r.status(), type: r.headers()["content-type"] });
  });
  await p.page.goto(env.url);
  await p.page.waitForFunction(() => document.querySelector("#view").annotations !== null, null, { timeout: 15_000 });
  return { ...p, wasm };
}

/** Waits until the element has annotated exactly the text box's current text. */
function settled(page) {
  return page.waitForFunction(() => {
    const view = document.querySelector("#view");
    const art = view.shadowRoot.querySelector('[part~="article"]');
    const text = document.querySelector("#input").value;
    return view.annotations !== null && view.text === text && art.textContent === text;
  }, null, { timeout: 15_000 });
}

/** Every highlight's text is the slice of the result it stands for. */
function consistent(state) {
  const { text, result } = state;
  let pos = 0;
  for (const m of state.marks) {
    const at = text.indexOf(m.text, pos);
    assert.ok(at >= 0, `mark “${m.text}” in order`);
    pos = at + m.text.length;
  }
  for (const m of result.mentions) assert.equal(text.slice(m.start, m.end), m.text);
}

test("opens on the sample article, annotated, with no console error", async () => {
  const { page, errors, wasm, context } = await open();
  const state = await readWidget(page, "#view");
  assert.equal(state.text, SAMPLE, "the article part's text is exactly the sample");
  assert.equal(await page.inputValue("#input"), SAMPLE);
  assert.deepEqual(wasm, [{ status: 200, type: "application/wasm" }], "one .wasm fetch, served as application/wasm");
  consistent(state);
  const nav = await page.evaluate(() => performance.getEntriesByName("article-annotator:first-annotated")[0]?.startTime);
  console.log(`# navigation to annotated sample: ${nav?.toFixed(1)} ms`);
  await shot(page, "page-light");
  assert.deepEqual(errors, []);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  // Needs the real annotator (not the empty scaffold): the sample names people and places.
  assert.ok(state.result.entities.length > 0, "the sample has entities");
  assert.ok(state.marks.length > 0, "and they are highlighted");
  await context.close();
});

test("dark scheme and phone width render the same text", async () => {
  for (const [name, opts] of [
    ["page-dark", { colorScheme: "dark" }],
    ["page-phone", { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }],
    ["page-phone-dark", { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, colorScheme: "dark" }],
  ]) {
    const { page, errors, context } = await open(opts);
    const state = await readWidget(page, "#view");
    assert.equal(state.text, SAMPLE);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name}: no horizontal scrolling (${overflow}px)`);
    await shot(page, name);
    assert.deepEqual(errors, [], name);
    await context.close();
  }
});

test("typing updates the highlights without moving the layout", async () => {
  const { page, errors, context } = await open();
  const rects = () => page.evaluate(() => {
    const root = document.querySelector("#view").shadowRoot;
    return ['[part~="legend"]', '[part~="article"]', '[part~="panels"]', '[part~="status"]'].map((s) => {
      const r = root.querySelector(s).getBoundingClientRect();
      return [s, r.x, r.y, r.width, r.height];
    }).concat([["textarea", ...Object.values(document.querySelector("#input").getBoundingClientRect().toJSON()).slice(0, 4)]]);
  });
  const before = await rects();
  await page.click("#input");
  await page.keyboard.press("Control+End");
  await page.keyboard.type("\n\nChancellor Angela Merkel visited Paris on Monday.", { delay: 5 });
  await settled(page);
  const state = await readWidget(page, "#view");
  assert.equal(state.text, await page.inputValue("#input"));
  consistent(state);
  const typed = state.result.mentions.filter((m) => m.start >= SAMPLE.length).map((m) => m.text);
  assert.ok(typed.some((t) => t.includes("Merkel")), `typed name highlighted: ${typed}`);
  assert.ok(state.marks.some((m) => m.text.includes("Merkel")));
  assert.deepEqual(await rects(), before, "legend, article, panels, status and text box stay put");
  assert.deepEqual(errors, []);
  await context.close();
});

test("pasting replaces the text and updates the highlights", async () => {
  const { page, errors, context } = await open({ permissions: ["clipboard-read", "clipboard-write"] });
  const pasted = "President Emmanuel Macron met Prime Minister Mette Frederiksen in Copenhagen on Tuesday.";
  await page.evaluate((t) => navigator.clipboard.writeText(t), pasted);
  await page.click("#input");
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Control+V");
  await settled(page);
  assert.equal(await page.inputValue("#input"), pasted);
  const state = await readWidget(page, "#view");
  assert.equal(state.text, pasted);
  consistent(state);
  assert.ok(state.marks.some((m) => m.text.includes("Macron")), "pasted name highlighted");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a dropped .txt file is read in and annotated", async () => {
  const { page, errors, context } = await open();
  const text = "The Bank of England raised rates by 0.25% on Thursday, Governor Andrew Bailey said.";
  await page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.items.add(new File([t], "story.txt", { type: "text/plain" }));
    document.body.dispatchEvent(new DragEvent("dragenter", { dataTransfer: dt, bubbles: true }));
    document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, text);
  await settled(page);
  assert.equal(await page.inputValue("#input"), text);
  assert.equal((await readWidget(page, "#view")).text, text);
  assert.match(await page.textContent("#note"), /story\.txt|Annotated/);
  assert.equal(await page.isHidden("#dropzone"), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the legend toggles a type and shows its count", async () => {
  const { page, errors, context } = await open();
  const chip = page.locator("#view").locator('[part~="legend"] .chip.person');
  const state = await readWidget(page, "#view");
  const people = state.result.mentions.filter((m) => m.type === "PERSON").length;
  assert.equal(await chip.locator(".n").textContent(), String(people));
  assert.equal(await chip.getAttribute("aria-pressed"), "true");
  const looks = () => page.evaluate(() => {
    const marks = [...document.querySelector("#view").shadowRoot.querySelectorAll("article-annotator-mark.aa-person")];
    return marks.map((m) => getComputedStyle(m).backgroundColor);
  });
  const on = await looks();
  assert.ok(on.length > 0 && on.every((c) => c !== "rgba(0, 0, 0, 0)"), "people are tinted");
  await chip.click();
  assert.equal(await chip.getAttribute("aria-pressed"), "false");
  assert.equal(await page.getAttribute("#view", "hide"), "person");
  assert.ok((await looks()).every((c) => c === "rgba(0, 0, 0, 0)"), "people are no longer tinted");
  await chip.click();
  assert.equal(await chip.getAttribute("aria-pressed"), "true");
  assert.equal(await page.getAttribute("#view", "hide"), null);
  assert.deepEqual(await looks(), on);
  assert.deepEqual(errors, []);
  await context.close();
});

test("selecting an entity marks all its mentions and scrolls to the first", async () => {
  const { page, errors, context } = await open();
  const button = page.locator("#view").locator('[part~="entities"] button[data-e]').first();
  const id = Number(await button.getAttribute("data-e"));
  await button.click();
  assert.equal(await button.getAttribute("aria-pressed"), "true");
  const sel = await page.evaluate((id) => {
    const view = document.querySelector("#view");
    const marked = [...view.shadowRoot.querySelectorAll("article-annotator-mark.aa-sel")];
    return { mentions: [...new Set(marked.map((m) => Number(m.dataset.m)))], want: view.annotations.entities[id].mentions };
  }, id);
  assert.deepEqual(sel.mentions, sel.want);
  const visible = await page.evaluate(() => {
    const root = document.querySelector("#view").shadowRoot;
    const art = root.querySelector('[part~="article"]').getBoundingClientRect();
    const first = root.querySelector("article-annotator-mark.aa-sel").getBoundingClientRect();
    return first.top >= art.top && first.bottom <= art.bottom;
  });
  assert.ok(visible, "the first mention is scrolled into view");
  await shot(page, "page-entity-selected");
  await page.keyboard.press("Escape");
  assert.equal(await button.getAttribute("aria-pressed"), "false");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the quotes panel lists quotes with speaker or 'unattributed', and selecting one jumps to it", async () => {
  const { page, errors, context } = await open();
  const { quotes } = (await readWidget(page, "#view")).result;
  // Needs the real annotator: the sample has direct, interrupted, multi-paragraph and reported quotes.
  assert.ok(quotes.length > 0, "the sample has quotes");
  const items = page.locator("#view").locator('[part~="quotes"] button[data-q]');
  assert.equal(await items.count(), quotes.length);
  for (let i = 0; i < quotes.length; i++) {
    const meta = await items.nth(i).locator(".who").textContent();
    assert.equal(meta, quotes[i].speaker_name ?? "unattributed");
  }
  const last = quotes.length - 1;
  await items.nth(last).click();
  const state = await page.evaluate((i) => {
    const root = document.querySelector("#view").shadowRoot;
    const marks = [...root.querySelectorAll("article-annotator-mark.aa-qsel")];
    const art = root.querySelector('[part~="article"]').getBoundingClientRect();
    const r = marks[0]?.getBoundingClientRect();
    return { n: marks.length, all: marks.every((m) => Number(m.dataset.q) === i), visible: !!r && r.top >= art.top && r.bottom <= art.bottom };
  }, last);
  assert.ok(state.n > 0 && state.all, "the quote is marked");
  assert.ok(state.visible, "and scrolled into view");
  await shot(page, "page-quote-selected");
  assert.deepEqual(errors, []);
  await context.close();
});

test("keyboard: Tab reaches the highlights, arrows move, the tooltip names type and entity, Enter selects", async () => {
  const { page, errors, context } = await open();
  await page.focus("#view");
  await page.evaluate(() => document.querySelector("#view").shadowRoot.querySelector('[part~="article"]').focus());
  await page.keyboard.press("Tab");
  const focused = () => page.evaluate(() => {
    const root = document.querySelector("#view").shadowRoot;
    const a = root.activeElement;
    const tip = root.querySelector('[part~="tooltip"]');
    return { tag: a?.localName, m: a?.dataset.m, tip: tip.matches(":popover-open") ? tip.textContent : null, desc: a?.getAttribute("aria-description") };
  });
  const first = await focused();
  assert.equal(first.tag, "article-annotator-mark");
  assert.equal(first.m, "0");
  const result = await page.evaluate(() => document.querySelector("#view").annotations);
  const m0 = result.mentions[0];
  assert.ok(first.tip.includes(result.entities[m0.cluster].name), `tooltip shows the name: ${first.tip}`);
  assert.ok(first.desc.includes(result.entities[m0.cluster].name), "and the screen-reader description too");
  await shot(page, "page-tooltip");
  await page.keyboard.press("ArrowRight");
  assert.equal((await focused()).m, String(result.mentions.findIndex((m, i) => i > 0 && m.start >= m0.end)));
  await page.keyboard.press("Enter");
  const pressed = await page.evaluate(() => document.querySelector("#view").shadowRoot.querySelectorAll('button[aria-pressed="true"][data-e]').length);
  assert.equal(pressed, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test("export: download and copy give the JSON of the result", async () => {
  const { page, errors, context } = await open({ acceptDownloads: true, permissions: ["clipboard-read", "clipboard-write"] });
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
  assert.equal(download.suggestedFilename(), "article-annotations.json");
  const path = await download.path();
  const json = JSON.parse(readFileSync(path, "utf8"));
  const result = await page.evaluate(() => document.querySelector("#view").annotations);
  assert.deepEqual(json, result);
  await page.click("#copy");
  await page.waitForFunction(() => /Copied/.test(document.querySelector("#note").textContent));
  assert.deepEqual(JSON.parse(await page.evaluate(() => navigator.clipboard.readText())), result);
  assert.deepEqual(errors, []);
  await context.close();
});

test("over the size limit: a clear message naming the limit, and the text stays", async () => {
  const { page, errors, context } = await open();
  const t0 = Date.now();
  await page.evaluate(() => {
    const input = document.querySelector("#input");
    input.value = "word ".repeat(800_001);
    input.dispatchEvent(new Event("input"));
  });
  await page.waitForFunction(() => /limit/.test(document.querySelector("#view").shadowRoot.querySelector('[part~="status"]').textContent), null, { timeout: 30_000 });
  console.log(`# over-limit message after ${Date.now() - t0} ms (incl. debounce)`);
  const state = await readWidget(page, "#view");
  assert.match(state.status, /4,000,000/);
  assert.equal(state.text.length, 4_000_005);
  assert.match(await page.textContent("#count"), /over the 4,000,000 limit/);
  assert.equal(await page.isDisabled("#download"), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a long text is annotated in a Worker and the page keeps responding", async () => {
  const { page, errors, context } = await open();
  const stats = await page.evaluate(async (sample) => {
    const input = document.querySelector("#input");
    const view = document.querySelector("#view");
    let text = "";
    for (let i = 0; text.length < 1_000_000; i++) text += sample.replaceAll("Gdańsk", i % 2 ? "Gdynia" : "Gdańsk") + "\n\n";
    const workers = [];
    const Orig = window.Worker;
    window.Worker = class extends Orig {
      constructor(...a) {
        super(...a);
        workers.push(String(a[0]));
      }
    };
    // The text box's own layout of 1 MB is the browser's work, not the element's: let it happen first.
    input.value = text;
    input.scrollHeight;
    await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
    let longest = 0;
    let last = performance.now();
    let ticking = true;
    const tick = () => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      if (ticking) setTimeout(tick, 0);
    };
    tick();
    const done = new Promise((ok) => view.addEventListener("annotated", ok, { once: true }));
    const t0 = performance.now();
    input.dispatchEvent(new Event("input"));
    await done;
    ticking = false;
    return { ms: performance.now() - t0, longest, workers, chars: text.length, mentions: view.annotations.mentions.length, timing: view.timing };
  }, SAMPLE);
  console.log(`# 1 MB via the page: ${stats.ms.toFixed(0)} ms (annotate ${stats.timing.annotateMs.toFixed(0)} ms, render ${stats.timing.renderMs.toFixed(0)} ms), longest main-thread task meanwhile ${stats.longest.toFixed(0)} ms, ${stats.mentions} mentions`);
  assert.equal(stats.workers.length, 1, "a worker was started");
  assert.equal((await readWidget(page, "#view")).text.length, stats.chars);
  assert.deepEqual(errors, []);
  await context.close();
});

test("without WebAssembly (host CSP lacks 'wasm-unsafe-eval'): a clear message, and the text stays readable", async () => {
  const { page, context } = await env.newPage();
  await page.goto(`${env.url}nowasm/`);
  await page.waitForFunction(() => document.querySelector("#view")?.shadowRoot?.querySelector('[part~="status"]')?.textContent.length > 0, null, { timeout: 15_000 });
  const state = await readWidget(page, "#view");
  assert.match(state.status, /WebAssembly/);
  assert.equal(state.text, SAMPLE, "the text is shown as is");
  assert.equal(state.marks.length, 0);
  await shot(page, "page-no-wasm");
  await context.close();
});
