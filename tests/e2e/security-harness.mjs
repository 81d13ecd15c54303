// Shared by the security tests: the hostile corpus, the request guard, and the
// in-page function that pushes inputs through one entry point of the element
// and checks every promise of tests/hostile/README.md on each result.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./helpers.mjs";

export const HOSTS = join(ROOT, "tests", "hosts");

/** Every text input: the corpus plus the lone surrogates (JS only). */
export function corpus() {
  const c = JSON.parse(readFileSync(join(ROOT, "tests", "hostile", "corpus.json"), "utf8"));
  const lone = JSON.parse(readFileSync(join(ROOT, "tests", "hostile", "lone-surrogates.json"), "utf8"));
  const items = [];
  for (const g of c.groups) for (const i of g.inputs) if (typeof i.text === "string") items.push({ group: g.name, id: i.id, text: i.text });
  for (const i of lone.inputs) items.push({ group: "lone-surrogates", id: i.id, text: i.text });
  return items;
}

/** Pathological cases (tests/hostile/pathological.json). */
export function pathological() {
  return JSON.parse(readFileSync(join(ROOT, "tests", "hostile", "pathological.json"), "utf8")).cases;
}

/** Records every request of `page`; `bad()` lists those that are not same-origin static files. */
export function guardRequests(page, origin) {
  const seen = [];
  page.on("request", (r) => seen.push({ url: r.url(), method: r.method() }));
  const STATIC = /^\/((hosts|pkg|dist|__fixtures__)\/)?[\w.-]+\.(html|js|mjs|css|wasm|svg|txt|json|ico)$|^\/$/;
  return {
    seen,
    bad: () =>
      seen.filter(({ url, method }) => {
        if (url.startsWith("data:")) return false;
        const u = new URL(url);
        return method !== "GET" || u.origin !== new URL(origin).origin || !STATIC.test(u.pathname) || u.pathname.includes("sentinel");
      }).map(({ url }) => url),
  };
}

/**
 * Runs in the page. For each item, builds a fresh <article-annotator> in #slot and
 * feeds it the text through `entry` ("attribute", "property" or "in-place": a host
 * <article> filled with textContent), waits for the result and checks it.
 * Returns {failures: [string], classes, ids, attrs, highlights, marks} where the
 * sets are unions over all items (compared with an allow-list by the caller).
 */
export async function runEntry({ entry, json }) {
  // Items come as JSON text: the DevTools protocol carries strings as UTF-8, which
  // would turn lone surrogates into U+FFFD; JSON.stringify escapes them as \uXXXX.
  const items = JSON.parse(json);
  if (!items.some((i) => !i.text.isWellFormed())) throw new Error("lone surrogates lost on the way into the page");
  const UI = new Set(["div", "span", "button", "ul", "ol", "li", "h2", "h3", "p", "section", "article-annotator-mark"]);
  const failures = [];
  const classes = new Set();
  const ids = new Set();
  const attrs = new Set();
  let markCount = 0;
  const fail = (id, what) => failures.push(`${entry} ${id}: ${what}`);
  const slot = document.getElementById("slot");
  const baseSheets = document.adoptedStyleSheets.length;
  const protoNames = Object.getOwnPropertyNames(Object.prototype).join();

  /** [start, end) of each mark in the text under `root`, by walking its Text nodes in order. */
  function markOffsets(root) {
    const out = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let pos = 0;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const mark = n.parentElement?.closest("article-annotator-mark");
      if (mark && root.contains(mark)) out.push({ mark, start: pos, end: pos + n.data.length });
      pos += n.data.length;
    }
    return out;
  }

  function collectNames(root) {
    for (const e of root.querySelectorAll("*")) {
      for (const c of e.classList) classes.add(c);
      if (e.id) ids.add(e.id);
      for (const a of e.getAttributeNames()) attrs.add(a);
    }
  }

  for (const { id, text } of items) {
    slot.replaceChildren();
    window.__added.length = 0;
    const wf = text.toWellFormed();
    const el = document.createElement("article-annotator");
    el.dataset.test = "";
    const shadowAdded = [];
    new MutationObserver((rs) => {
      for (const r of rs) for (const n of r.addedNodes) if (n.nodeType === 1) shadowAdded.push(n.localName);
    }).observe(el.shadowRoot, { childList: true, subtree: true });
    let target = null;
    let original = null;
    let before = null;
    const outside = [];
    let docObserver = null;
    if (entry === "attribute") el.setAttribute("text", text);
    else if (entry === "property") el.text = text;
    else {
      target = document.createElement("article");
      target.dataset.test = "";
      target.id = "hostile-story";
      target.textContent = text;
      original = target.firstChild;
      slot.append(target);
      before = new XMLSerializer().serializeToString(target);
      el.setAttribute("for", "hostile-story");
      docObserver = new MutationObserver((rs) => {
        for (const r of rs) {
          // Highlights taken out of the article stay observed for a moment (transient observers): not host nodes.
          if (r.target.localName === "article-annotator-mark" || target.contains(r.target) || r.target === el || r.target === slot) continue;
          outside.push(`${r.type} on ${r.target.nodeName}`);
        }
      });
      docObserver.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    }
    const done = new Promise((ok) => {
      el.addEventListener("annotated", () => ok("annotated"), { once: true });
      el.addEventListener("annotation-error", (e) => ok(`error: ${e.detail.message}`), { once: true });
    });
    slot.append(el);
    const outcome = await done;
    if (outcome !== "annotated") {
      fail(id, outcome);
      continue;
    }
    const r = el.annotations;
    const scope = target ?? el.shadowRoot.querySelector('[part~="article"]');
    // 3. The rendered text is the input (the element's own text is repaired with toWellFormed).
    const shown = scope.textContent;
    if (shown !== (target ? text : wf)) fail(id, `rendered text differs (${shown.length} vs ${text.length} units)`);
    // 2. No element made from the input: only the widget's own UI tags in the shadow root,
    //    only highlights in the light DOM.
    const foreign = shadowAdded.filter((n) => !UI.has(n));
    if (foreign.length) fail(id, `shadow elements ${foreign}`);
    const lightForeign = window.__added.filter((n) => n !== "article-annotator-mark");
    if (lightForeign.length) fail(id, `light-DOM elements ${lightForeign}`);
    for (const e of scope.querySelectorAll("*")) {
      if (!(e.localName === "article-annotator-mark" || (!target && e.localName === "div" && e.className === "block"))) fail(id, `element <${e.localName}> in the article`);
    }
    // Every reported span slices to its reported text; every highlight covers exactly its span.
    const marks = markOffsets(scope);
    markCount += marks.length;
    const byMention = new Map();
    for (const { mark, start, end } of marks) {
      // 15. Bidi isolation.
      if (getComputedStyle(mark).unicodeBidi !== "isolate") fail(id, `mark not bidi-isolated: ${getComputedStyle(mark).unicodeBidi}`);
      const m = mark.dataset.m === undefined ? -1 : Number(mark.dataset.m);
      const q = mark.dataset.q === undefined ? -1 : Number(mark.dataset.q);
      if (m >= 0) {
        const mm = r.mentions[m];
        if (!mm || start < mm.start || end > mm.end) fail(id, `mark [${start},${end}) outside mention ${m}`);
        byMention.set(m, (byMention.get(m) ?? 0) + end - start);
      }
      if (q >= 0 && !r.quotes[q]?.parts.some((p) => p.start <= start && end <= p.end)) fail(id, `mark [${start},${end}) outside quote ${q}`);
    }
    r.mentions.forEach((m, i) => {
      if (m.text !== wf.slice(m.start, m.end)) fail(id, `mention ${i} text ${JSON.stringify(m.text)} != slice`);
      if (byMention.get(i) !== m.end - m.start) fail(id, `mention ${i} highlighted over ${byMention.get(i)} of ${m.end - m.start} units`);
    });
    r.quotes.forEach((q, i) => {
      if (q.cue_span && q.cue !== wf.slice(q.cue_span.start, q.cue_span.end)) fail(id, `quote ${i} cue != slice`);
      for (const p of q.parts) if (!(Number.isInteger(p.start) && p.start <= p.end && p.end <= wf.length)) fail(id, `quote ${i} part out of range`);
    });
    r.entities.forEach((e) => {
      if (typeof e.name !== "string" || !r.mentions.some((m) => m.cluster === e.id)) fail(id, `entity ${e.id}`);
    });
    collectNames(el.shadowRoot);
    if (target) collectNames(target);
    // 20. Deterministic: annotating again gives the same result.
    const first = JSON.stringify(r);
    await el.update();
    if (JSON.stringify(el.annotations) !== first) fail(id, "a second annotation differs");
    // 5. Object.prototype untouched.
    if (Object.getOwnPropertyNames(Object.prototype).join() !== protoNames || ({}).polluted !== undefined) fail(id, "Object.prototype changed");
    if (target) {
      // 10. Nothing outside the article changed; clear() restores it exactly, same nodes.
      if (outside.length) fail(id, `mutations outside the article: ${[...new Set(outside)]}`);
      el.clear();
      docObserver.disconnect();
      if (new XMLSerializer().serializeToString(target) !== before) fail(id, "host article not restored");
      if (target.firstChild !== original || target.childNodes.length !== (text ? 1 : 0)) fail(id, "host Text node not put back");
      if (document.adoptedStyleSheets.length !== baseSheets) fail(id, "document style sheet left behind");
    }
  }
  slot.replaceChildren();
  const highlights = typeof CSS === "object" && CSS.highlights ? [...CSS.highlights.keys()] : [];
  return { failures, classes: [...classes], ids: [...ids], attrs: [...attrs], highlights, marks: markCount };
}

/** Opens host page `name` from tests/hosts/ in a new page of `env`, with
 * outgoing requests guarded, once the host and the element are ready. */
export async function openHost(env, name) {
  const p = await env.newPage();
  const requests = guardRequests(p.page, env.url);
  await p.page.goto(`${env.url}hosts/${name}.html`);
  await p.page.waitForFunction(() => document.documentElement.dataset.hostReady === "1");
  await p.page.evaluate(() => customElements.whenDefined("article-annotator"));
  return { ...p, requests };
}
