// Accessibility: axe-core (npm, injected from node_modules) on the page in light and
// dark with a selected entity and a focused highlight, and on the embed page, with zero
// violations; keyboard navigation between highlights with a visible focus ring; what
// screen readers are told about each highlight; WCAG AA contrast of every type's text
// on its highlight in both schemes; and a label per type that needs no colour.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT, setup, shot } from "./helpers.mjs";

const AXE = join(ROOT, "node_modules", "axe-core", "axe.min.js");

// Every type at least once: the made-up names come from a site lexicon, the rest from the core.
const TEXT = "Foreign Minister Ilvane Drust of Farrowmere Ferry Company flew to Norway over the North Sea for the Harbour Games with Danish officials on Monday at 3 p.m., paying $4 million, up 12%. “We are ready,” Drust said. “We will win,” said Foreign Minister Wang Yi in Beijing.";
const LEXICON = JSON.stringify({ entries: [
  { name: "Ilvane Drust", type: "PERSON", aliases: ["Drust"] }, { name: "Farrowmere Ferry Company", type: "ORG" },
  { name: "Harbour Games", type: "EVENT" }, { name: "North Sea", type: "LOC" }, { name: "Norway", type: "GPE" }, { name: "Danish", type: "NORP" },
] });
const TYPES = ["PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "DATE", "TIME", "MONEY", "PERCENT", "TITLE"];
const SPOKEN = { PERSON: "Person", ORG: "Organisation", GPE: "Country, city or state", LOC: "Location", NORP: "Nationality or group", EVENT: "Event", DATE: "Date", TIME: "Time", MONEY: "Money", PERCENT: "Percentage", TITLE: "Title or role" };

let env;
before(async () => {
  env = await setup();
});
after(() => env?.close());

/** Runs axe-core in the page (bypassCSP lets the script tag in) and returns its violations. */
async function axe(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}

/** The page with TEXT and LEXICON in the element, annotated. */
async function openAllTypes(opts = {}) {
  const p = await env.newPage({ bypassCSP: true, ...opts });
  await p.page.goto(env.url);
  await p.page.waitForFunction(() => document.querySelector("#view").annotations !== null, null, { timeout: 15_000 });
  await p.page.evaluate(({ text, lexicon }) => {
    const view = document.querySelector("#view");
    view.lexicon = lexicon;
    document.querySelector("#input").value = text;
    view.text = text;
  }, { text: TEXT, lexicon: LEXICON });
  await p.page.waitForFunction((t) => {
    const v = document.querySelector("#view");
    return v.annotations && v.text === t && v.annotations.entities.some((e) => e.name === "Harbour Games");
  }, TEXT, { timeout: 15_000 });
  return p;
}

test("axe-core: no violation on the page (light and dark, entity selected, highlight focused) or the embed page", async () => {
  const report = [];
  for (const [name, opts, allTypes] of [
    ["page light, sample", { colorScheme: "light" }, false],
    ["page dark, sample", { colorScheme: "dark" }, false],
    ["page light, every type", { colorScheme: "light" }, true],
    ["page dark, every type", { colorScheme: "dark" }, true],
    ["page dark, phone", { colorScheme: "dark", viewport: { width: 390, height: 844 }, isMobile: true }, false],
  ]) {
    let p;
    if (allTypes) p = await openAllTypes(opts);
    else {
      p = await env.newPage({ bypassCSP: true, ...opts });
      await p.page.goto(env.url);
      await p.page.waitForFunction(() => document.querySelector("#view").annotations !== null, null, { timeout: 15_000 });
    }
    const { page, context, errors } = p;
    // Select the first entity and the first quote, then focus a highlight (its tooltip opens).
    await page.evaluate(() => {
      const root = document.querySelector("#view").shadowRoot;
      root.querySelector("button[data-e]").click();
      root.querySelector("button[data-q]")?.click();
      root.querySelector('[part~="article"]').focus();
    });
    await page.keyboard.press("n");
    assert.ok(await page.evaluate(() => document.querySelector("#view").shadowRoot.querySelector('[part~="tooltip"]').matches(":popover-open")), `${name}: tooltip open`);
    const violations = await axe(page);
    report.push([name, violations]);
    await shot(page, `a11y-${name.replace(/[^a-z]+/g, "-")}`);
    assert.deepEqual(errors, []);
    await context.close();
  }
  const { page, context } = await env.newPage({ bypassCSP: true });
  await page.goto(`${env.url}embed.html`);
  await page.waitForFunction(() => document.querySelector("#story-annotator").annotations && document.querySelector("#wire").annotations, null, { timeout: 15_000 });
  await page.locator("#story article-annotator-mark.aa-ent").first().click();
  report.push(["embed", await axe(page)]);
  await context.close();
  for (const [name, v] of report) console.log(`# axe ${name}: ${v.length} violations${v.length ? `: ${v.join("; ")}` : ""}`);
  assert.deepEqual(report.filter(([, v]) => v.length), []);
});

test("keyboard: n/p, Alt+Down/Up and the buttons move between highlights, with a visible focus ring, skipping hidden types", async () => {
  const { page, context, errors } = await openAllTypes();
  const state = () => page.evaluate(() => {
    const root = document.querySelector("#view").shadowRoot;
    const a = root.activeElement;
    const cs = a ? getComputedStyle(a) : null;
    return { tag: a?.localName, m: a ? Number(a.dataset.m) : null, outline: cs && [cs.outlineStyle, parseFloat(cs.outlineWidth), cs.outlineColor] };
  });
  const result = await page.evaluate(() => document.querySelector("#view").annotations);
  const firsts = [...new Set(result.mentions.map((_, i) => i))]; // every mention is one stop, in text order
  await page.evaluate(() => document.querySelector("#view").shadowRoot.querySelector('[part~="article"]').focus());
  await page.keyboard.press("n");
  let s = await state();
  assert.equal(s.tag, "article-annotator-mark");
  assert.equal(s.m, firsts[0]);
  assert.equal(s.outline[0], "solid");
  assert.ok(s.outline[1] >= 2, `focus ring ${s.outline[1]}px`);
  await shot(page, "a11y-focus");
  await page.keyboard.press("n");
  assert.equal((await state()).m, firsts[1]);
  await page.keyboard.press("Alt+ArrowDown");
  assert.equal((await state()).m, firsts[2]);
  await page.keyboard.press("p");
  assert.equal((await state()).m, firsts[1]);
  await page.keyboard.press("Alt+ArrowUp");
  assert.equal((await state()).m, firsts[0]);
  // The buttons continue from the current highlight; the focus stays visible.
  await page.click('#view >> [part~="nav"] >> text=Next');
  s = await state();
  assert.equal(s.m, firsts[1]);
  assert.equal(s.outline[0], "solid", "ring visible after a mouse click on the button too");
  await page.click('#view >> [part~="nav"] >> text=Previous');
  assert.equal((await state()).m, firsts[0]);
  // Hiding a type (the legend) takes its highlights out of the order.
  const second = result.mentions[firsts[1]].type.toLowerCase();
  await page.evaluate((k) => document.querySelector("#view").setAttribute("hide", k), second);
  await page.evaluate(() => document.querySelector("#view").shadowRoot.querySelector('[part~="article"]').focus());
  await page.keyboard.press("n");
  await page.keyboard.press("n");
  const skipped = result.mentions.findIndex((m, i) => i > firsts[0] && m.type.toLowerCase() !== second);
  assert.equal((await state()).m, skipped);
  // At the end, next does nothing (and says so by returning false).
  assert.equal(await page.evaluate(() => {
    const v = document.querySelector("#view");
    while (v.nextHighlight());
    return v.nextHighlight();
  }), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test("screen readers: each highlight is a mark described by its type (and quote), and the article's text is the input", async () => {
  const { page, context } = await openAllTypes();
  const r = await page.evaluate(() => {
    const v = document.querySelector("#view");
    const art = v.shadowRoot.querySelector('[part~="article"]');
    return {
      text: art.textContent,
      marks: [...art.querySelectorAll("article-annotator-mark")].map((m) => ({
        role: m.getAttribute("role"), desc: m.getAttribute("aria-description"),
        m: m.dataset.m === undefined ? -1 : Number(m.dataset.m), q: m.dataset.q === undefined ? -1 : Number(m.dataset.q),
      })),
      result: v.annotations,
    };
  });
  assert.equal(r.text, TEXT);
  assert.deepEqual(new Set(r.result.mentions.map((m) => m.type)), new Set(TYPES), "every type is present");
  for (const mk of r.marks) {
    assert.equal(mk.role, "mark");
    if (mk.m >= 0) {
      const m = r.result.mentions[mk.m];
      assert.ok(mk.desc.startsWith(`${SPOKEN[m.type]}: ${r.result.entities[m.cluster].name}`), mk.desc);
    }
    if (mk.q >= 0) {
      const q = r.result.quotes[mk.q];
      assert.match(mk.desc, new RegExp(`quote, (direct|reported|term), ${q.speaker_name ? `said by ${q.speaker_name}` : "unattributed"}`, "i"));
    }
  }
  assert.ok(r.marks.some((mk) => mk.q >= 0 && mk.m < 0), "quote-only highlights are described too");
  await context.close();
});

// --- colour ---------------------------------------------------------------------------

/** Parses a computed colour: rgb()/rgba() or color(srgb r g b / a). Returns [r, g, b, a] in 0..1. */
function parse(c) {
  let m = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(c.trim());
  if (m) return [m[1] / 255, m[2] / 255, m[3] / 255, m[4] === undefined ? 1 : Number(m[4])];
  m = /^color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.e-]+))?\)$/.exec(c.trim());
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])];
  throw new Error(`unparsed colour ${c}`);
}
/** The colours in a computed value (box-shadow, gradient), in order. */
const colours = (s) => (s.match(/rgba?\([^)]*\)|color\(srgb [^)]*\)/g) ?? []).map(parse);
/** `top` composited over the opaque `under`. */
const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1);
function luminance([r, g, b]) {
  const f = (c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}
function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

test("WCAG AA contrast of every type's text on its highlight, light and dark; a type label that needs no colour", async () => {
  const rows = [];
  for (const scheme of ["light", "dark"]) {
    const { page, context } = await openAllTypes({ colorScheme: scheme });
    const styles = await page.evaluate((types) => {
      const root = document.querySelector("#view").shadowRoot;
      const art = root.querySelector('[part~="article"]');
      const res = document.querySelector("#view").annotations;
      const read = (el) => {
        const cs = getComputedStyle(el);
        const after = getComputedStyle(el, "::after");
        return { color: cs.color, bg: cs.backgroundColor, shadow: cs.boxShadow, image: cs.backgroundImage, label: after.content, labelColor: after.color };
      };
      const out = { article: getComputedStyle(art).backgroundColor, types: {} };
      for (const type of types) {
        const i = res.mentions.findIndex((m) => m.type === type);
        const pieces = [...art.querySelectorAll(`article-annotator-mark[data-m="${i}"]`)];
        const el = pieces.find((p) => p.dataset.q === undefined) ?? pieces[0];
        const last = pieces[pieces.length - 1];
        const plain = read(el);
        el.classList.add("aa-sel");
        const selected = read(el);
        el.classList.remove("aa-sel");
        out.types[type] = { plain, selected, label: read(last).label, labelColor: read(last).labelColor, quoted: el.dataset.q !== undefined };
      }
      const q = [...art.querySelectorAll("article-annotator-mark.aa-q")].find((m) => m.dataset.m === undefined);
      out.quote = read(q);
      q.classList.add("aa-qsel");
      out.quoteSelected = read(q);
      q.classList.remove("aa-qsel");
      return out;
    }, TYPES);
    const bg = parse(styles.article);
    for (const type of TYPES) {
      const t = styles.types[type];
      const fill = (s) => over(parse(s.bg), bg);
      const normal = contrast(parse(t.plain.color), fill(t.plain));
      const selected = contrast(parse(t.selected.color), fill(t.selected));
      const underline = contrast(colours(t.plain.shadow)[0] ? over(colours(t.plain.shadow)[0], bg) : bg, fill(t.plain));
      rows.push({ scheme, type, normal, selected, underline, label: t.label });
      assert.equal(t.label, `"${type}" / ""`, `${scheme} ${type}: a text label after the mention, silent for screen readers`);
      assert.equal(t.labelColor, t.plain.color, "the label has the text's colour");
    }
    // Quotes: the text over the highlighter stroke (the gradient's coloured stop), plain and selected.
    const stroke = (s) => over(colours(s.image).at(-1), over(parse(s.bg), bg));
    rows.push({ scheme, type: "quote", normal: contrast(parse(styles.quote.color), stroke(styles.quote)), selected: contrast(parse(styles.quoteSelected.color), stroke(styles.quoteSelected)), underline: NaN, label: "" });
    await context.close();
  }
  for (const r of rows) {
    console.log(`# contrast ${r.scheme.padEnd(5)} ${r.type.padEnd(8)} text ${r.normal.toFixed(2)}  selected ${r.selected.toFixed(2)}  underline/highlight ${Number.isNaN(r.underline) ? "  - " : r.underline.toFixed(2)}`);
  }
  for (const r of rows) {
    assert.ok(r.normal >= 4.5, `${r.scheme} ${r.type}: text ${r.normal.toFixed(2)} < 4.5`);
    assert.ok(r.selected >= 4.5, `${r.scheme} ${r.type}: selected ${r.selected.toFixed(2)} < 4.5`);
    // WCAG 1.4.11 (non-text): the type's underline against its own highlight.
    if (!Number.isNaN(r.underline)) assert.ok(r.underline >= 3, `${r.scheme} ${r.type}: underline ${r.underline.toFixed(2)} < 3`);
  }
});
