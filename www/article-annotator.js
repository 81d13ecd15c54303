// <article-annotator>: highlights the people, organisations, places, dates, money
// and quotes of a news article, with who said what. The analysis is done by the
// Rust core compiled to WebAssembly (engine.js); this file only touches the DOM.
import { annotate, exportAs, lexiconSource, EngineError } from "./engine.js";
import { TYPES, arr, blocks, kindLabel, segments, wrapRanges, unwrap, rangeFor, collectText, dedent } from "./render.js";
import { shadowCss, documentCss } from "./styles.js";

const MARK = "article-annotator-mark";
const PANEL_LIMIT = 250; // entries per type (and quotes) listed; the rest are counted
const HIGHLIGHTS = typeof CSS === "object" && CSS.highlights && typeof Highlight === "function";
const POPOVER = typeof HTMLElement === "function" && Object.prototype.hasOwnProperty.call(HTMLElement.prototype, "popover");

let shadowSheet = null;
const docSheets = new Map(); // Document | ShadowRoot -> {sheet, users}
const lexiconFetches = new Map(); // absolute URL -> Promise<string>: each lexicon-src is fetched once per page
let cueHighlight = null;
let speakerHighlight = null;

function sheet(css) {
  const s = new CSSStyleSheet();
  s.replaceSync(css);
  return s;
}

function retainDocSheet(root) {
  let entry = docSheets.get(root);
  if (!entry) {
    entry = { sheet: sheet(documentCss), users: 0 };
    docSheets.set(root, entry);
  }
  if (entry.users++ === 0) root.adoptedStyleSheets = [...root.adoptedStyleSheets, entry.sheet];
}

function releaseDocSheet(root) {
  const entry = docSheets.get(root);
  if (entry && --entry.users === 0) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== entry.sheet);
}

function sharedHighlights() {
  if (!HIGHLIGHTS) return null;
  if (!cueHighlight) {
    cueHighlight = new Highlight();
    speakerHighlight = new Highlight();
    CSS.highlights.set("article-annotator-cue", cueHighlight);
    CSS.highlights.set("article-annotator-speaker", speakerHighlight);
  }
  return [cueHighlight, speakerHighlight];
}

/** A "lexicon" EngineError that is not about the file's content. */
function lexiconRefused(message) {
  return new EngineError("lexicon", message, { line: 0, field: "", reason: message });
}

/** The text of the site lexicon at `src` (same origin only), fetched once per page. */
function fetchLexicon(src) {
  let url;
  try {
    url = new URL(src, document.baseURI);
  } catch {
    return Promise.reject(lexiconRefused(`The site lexicon “${src}” is not a valid URL.`));
  }
  if (url.origin !== location.origin) {
    return Promise.reject(lexiconRefused(`The site lexicon must come from this page's own origin (${location.origin}); ${url.href} was not loaded.`));
  }
  let text = lexiconFetches.get(url.href);
  if (!text) {
    text = fetch(url, { mode: "same-origin", credentials: "same-origin" })
      .then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return r.text();
      })
      .catch((e) => {
        lexiconFetches.delete(url.href);
        throw lexiconRefused(`The site lexicon ${src} could not be loaded (${e?.message ?? e}).`);
      });
    lexiconFetches.set(url.href, text);
  }
  return text;
}

/** Makes an element; `attrs` keys are fixed names written in this file, children strings become Text. */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) for (const k of Object.keys(attrs)) el.setAttribute(k, attrs[k]);
  el.append(...children);
  return el;
}

/** A legend chip: a toggle for one type (or the quotes), with its count. */
function legendChip(key, label) {
  return h("button", { type: "button", class: `chip ${key} zero`, "aria-pressed": "true" },
    h("span", { class: "sw", "aria-hidden": "true" }), label, h("span", { class: "n" }, "0"), h("span", { class: "vh" }, " highlights"));
}

function navButton(which, key, label) {
  const name = `${which} highlight`;
  return h("button", { type: "button", class: "navb", part: "nav-button", "aria-label": name, "aria-keyshortcuts": key, title: `${name} (${key})` }, label);
}

/** Sets attribute `name` to `value`, or removes it for null/undefined (and "" unless `keepEmpty`). */
function reflect(el, name, value, keepEmpty) {
  if (value === null || value === undefined || (value === "" && !keepEmpty)) el.removeAttribute(name);
  else el.setAttribute(name, String(value));
}

/** Sets a toggle button's aria-pressed. */
function press(button, on) {
  button?.setAttribute("aria-pressed", on);
}

/** The "and N more" row under a list cut at PANEL_LIMIT. */
function more(n) {
  return h("li", { class: "empty" }, `and ${num(n - PANEL_LIMIT)} more`);
}

function wellFormed(text) {
  return typeof text.isWellFormed === "function" && !text.isWellFormed() ? text.toWellFormed() : text;
}

const num = (n) => n.toLocaleString("en");

function plural(n, one, many = one + "s") {
  return `${num(n)} ${n === 1 ? one : many}`;
}

/** Scrolls `container` (only) so that `el` is visible. */
function reveal(el, container) {
  if (!el) return;
  const a = el.getBoundingClientRect();
  const b = container.getBoundingClientRect();
  if (a.top < b.top) container.scrollTop -= b.top - a.top + 8;
  else if (a.bottom > b.bottom) container.scrollTop += a.bottom - b.bottom + 8;
}

function clip(s, n) {
  if (s.length <= n) return s;
  let cut = s.slice(0, n);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut.trimEnd() + "…";
}

/**
 * Highlights the entities and quotes of a news article.
 *
 * @attr text - The article text (mode a). Without it, the element's own light-DOM text is used.
 * @attr for - The id of an element of the page to annotate in place (mode b).
 * @attr hide - Space-separated types not to highlight: person org gpe loc norp event date time money percent title quotes.
 * @attr panels - Which parts to show besides the article: any of "legend entities quotes" (the default), or "none".
 * @attr lexicon-src - A same-origin URL of a site lexicon (JSON, docs/exports.md); fetched once per page.
 * @attr labels - "none" hides the type label after each highlight (shown by default).
 * @prop {object|string|null} lexicon - A site lexicon (object or JSON text); wins over lexicon-src.
 * @prop {string} text - Read/write; reflects the `text` attribute (reads the light-DOM text when it is absent).
 * @prop {object|null} annotations - The last result (read-only).
 * @prop {object|null} timing - {annotateMs, renderMs} of the last annotation (read-only).
 * @event annotated - Bubbles and is composed; `detail` is the result.
 * @event annotation-error - Bubbles and is composed; `detail` is {code, message}, plus {line, field} for code "lexicon".
 * @csspart root, legend, status, article, panels, panel, entities, quotes, item, tooltip
 * @csspart entity - Each highlighted mention; also the type's key (person, org, ...).
 * @csspart quote - Each highlighted piece of a quotation.
 * @cssprop --article-annotator-{person,org,gpe,loc,norp,event,date,time,money,percent,title,quote} - Highlight colours.
 * @cssprop --article-annotator-{fg,bg,muted,surface,border,accent,radius,font,article-font,article-size} - Theme.
 * @cssprop --article-annotator-{article-max-height,panel-max-height} - Scroll heights (default: none).
 */
export class ArticleAnnotator extends (typeof HTMLElement === "function" ? HTMLElement : class {}) {
  static observedAttributes = ["text", "for", "hide", "panels", "lexicon-src", "labels"];

  /**
   * Registers the element; a second call (or a second copy of this script) is a no-op.
   * Importing this module registers nothing (the package's "." entry has no side effects).
   */
  static define(tag = "article-annotator", registry = globalThis.customElements) {
    if (!registry) return undefined; // not a browser (server-side rendering): nothing to register
    if (!registry.get(tag)) {
      try {
        registry.define(tag, this);
      } catch {
        // Defined meanwhile by another copy of this script.
      }
    }
    return registry.get(tag);
  }

  #seq = 0;
  #queued = false;
  #result = null;
  #text = "";
  #timing = null;
  #hidden = new Set();
  // The indexes of the rendered highlights, set by #resetIndexes and #index:
  #byMention; // mention index -> [elements]
  #byQuote; // quote index -> [elements]
  #segOf; // element -> segment
  #nav; // first element of each mention, in text order
  #navIndex;
  #current; // the mark holding tabindex=0
  #map; // {node, start} of the rendered text
  #entityById = new Map();
  #entityButtons = new Map();
  #quoteButtons = new Map();
  #selEntity = null;
  #selQuote = null;
  #ranges = [];
  #inplace = null; // {target, records, root}
  #observer = null;
  #lexicon = null; // the `lexicon` property as given
  #lexiconText = null; // ...and its JSON text, made once when set
  #moved; // a highlight has had focus since the last render
  #ends; // the last piece of each mention, which carries the type label
  // Parts of the shadow tree, made by the constructor.
  #legend;
  #chips;
  #quoteChip;
  #status;
  #prev;
  #next;
  #navGroup;
  #article;
  #entCount;
  #entList;
  #entSection;
  #quoteCount;
  #quoteList;
  #quoteSection;
  #panels;
  #body;
  #tip;

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    shadowSheet ??= sheet(shadowCss);
    root.adoptedStyleSheets = [shadowSheet];

    this.#legend = h("div", { class: "bar", part: "legend", role: "toolbar", "aria-label": "Highlight types" });
    this.#chips = new Map();
    for (const [type, info] of TYPES) {
      const chip = legendChip(info.key, info.many);
      this.#chips.set(type, chip);
      this.#legend.append(chip);
    }
    this.#quoteChip = legendChip("quote", "Quotes");
    this.#legend.append(this.#quoteChip);

    this.#status = h("div", { class: "status", part: "status", role: "status", "aria-live": "polite" });
    this.#prev = navButton("Previous", "p", "‹ Previous");
    this.#next = navButton("Next", "n", "Next ›");
    this.#navGroup = h("div", { class: "nav", part: "nav", role: "group", "aria-label": "Move between highlights" }, this.#prev, this.#next);
    const statusRow = h("div", { class: "srow" }, this.#status, this.#navGroup);
    this.#article = h("div", {
      class: "article", part: "article", tabindex: "0", role: "region", "aria-label": "Annotated article",
      "aria-description": "Tab reaches the highlights; N and P (or Left and Right arrows) move between them; Enter selects; Escape clears.",
    });
    this.#entCount = h("span", { class: "n" });
    this.#entList = h("div", { class: "list" });
    this.#entSection = h("section", { part: "panel entities", "aria-labelledby": "ent-h" },
      h("h2", { id: "ent-h" }, "Entities", this.#entCount), this.#entList);
    this.#quoteCount = h("span", { class: "n" });
    this.#quoteList = h("ol", { class: "list" });
    this.#quoteSection = h("section", { part: "panel quotes", "aria-labelledby": "quote-h" },
      h("h2", { id: "quote-h" }, "Quotes", this.#quoteCount), this.#quoteList);
    this.#panels = h("div", { class: "panels", part: "panels" }, this.#entSection, this.#quoteSection);
    this.#body = h("div", { class: "body" }, this.#article, this.#panels);
    this.#tip = h("div", { class: "tip", part: "tooltip", role: "tooltip", id: "tip" });
    if (POPOVER) this.#tip.setAttribute("popover", "manual");
    root.append(h("div", { class: "root", part: "root" }, this.#legend, statusRow, this.#body, this.#tip));

    this.#legend.addEventListener("click", (e) => this.#onLegend(e));
    this.#prev.addEventListener("click", () => this.previousHighlight());
    this.#next.addEventListener("click", () => this.nextHighlight());
    this.#entList.addEventListener("click", (e) => {
      const b = e.target.closest("button[data-e]");
      if (b) this.#selectEntity(Number(b.dataset.e), true);
    });
    this.#quoteList.addEventListener("click", (e) => {
      const b = e.target.closest("button[data-q]");
      if (b) this.#selectQuote(Number(b.dataset.q), true);
    });
    this.#listen(this.#article, true);
    root.addEventListener("keydown", (e) => {
      if (e.key === "Escape") this.#clearSelection();
    });
    this.#resetIndexes();
  }

  // --- attributes and properties -------------------------------------------------

  connectedCallback() {
    this.#observer ??= new MutationObserver(() => {
      if (!this.hasAttribute("text") && !this.hasAttribute("for")) this.#schedule();
    });
    this.#observer.observe(this, { childList: true, characterData: true, subtree: true });
    this.#applyPanels();
    this.#applyHide();
    this.#schedule();
  }

  disconnectedCallback() {
    this.#observer?.disconnect();
    this.#stop();
  }

  /** Drops any annotation in progress, the tooltip, in-place highlights and quote ranges. */
  #stop() {
    this.#seq++;
    this.#hideTip();
    this.#restoreInPlace();
    this.#clearRanges();
  }

  attributeChangedCallback(name, old, value) {
    if (old === value) return;
    if (name === "hide") this.#applyHide();
    else if (name === "panels") this.#applyPanels();
    else if (name === "labels") this.#applyLabels();
    else if (name === "lexicon-src" && this.#lexiconText !== null) return;
    else if (this.isConnected) this.#schedule();
  }

  /** The text to annotate in mode (a): the `text` attribute, else the light-DOM text. */
  get text() {
    return this.getAttribute("text") ?? dedent(this.textContent ?? "");
  }

  set text(value) {
    reflect(this, "text", value, true);
  }

  get htmlFor() {
    return this.getAttribute("for") ?? "";
  }

  set htmlFor(value) {
    reflect(this, "for", value);
  }

  /**
   * A site lexicon (docs/exports.md): the object, or its JSON text; null for none.
   * It wins over the `lexicon-src` attribute. An object is read when assigned:
   * assign it again after changing it.
   */
  get lexicon() {
    return this.#lexicon;
  }

  set lexicon(value) {
    const text = lexiconSource(value ?? null);
    this.#lexicon = value ?? null;
    if (text === this.#lexiconText) return;
    this.#lexiconText = text;
    if (this.isConnected) this.#schedule();
  }

  get lexiconSrc() {
    return this.getAttribute("lexicon-src") ?? "";
  }

  set lexiconSrc(value) {
    reflect(this, "lexicon-src", value);
  }

  /** The annotate options: the site lexicon as JSON text, if any. Rejects with a "lexicon" EngineError. */
  async #options() {
    if (this.#lexiconText !== null) return { lexicon: this.#lexiconText };
    const src = this.getAttribute("lexicon-src");
    if (!src) return undefined;
    return { lexicon: await fetchLexicon(src) };
  }

  /**
   * Renders the current annotation as `format` ("json", "w3c", "displacy", "csv",
   * "csv-quotes" or "html"; docs/exports.md); resolves to a string. The positions
   * index the text of `annotations` (in place: the article's text as read).
   */
  async export(format = "json") {
    if (!this.#result) await this.update();
    if (!this.#result) throw new EngineError("failed", this.#status.textContent || "Nothing has been annotated.");
    const options = await this.#options();
    return exportAs(this.#text, format, options);
  }

  /** Moves the focus to the next shown highlight; false when there is none. */
  nextHighlight() {
    return this.#step(1);
  }

  /** Moves the focus to the previous shown highlight; false when there is none. */
  previousHighlight() {
    return this.#step(-1);
  }

  /** The last result, exactly as given in the `annotated` event, or null. */
  get annotations() {
    return this.#result;
  }

  /** {annotateMs, renderMs} of the last annotation, or null. */
  get timing() {
    return this.#timing;
  }

  /** Re-annotates now; resolves when done (or superseded). */
  update() {
    return this.#run();
  }

  /** Removes every highlight; in mode (b) the host article is restored exactly. */
  clear() {
    this.#stop();
    this.#resetIndexes();
    this.#result = null;
    if (!this.hasAttribute("for")) this.#renderPlain(wellFormed(this.text));
    this.#renderPanels(null, "");
    this.#setStatus("");
  }

  // --- annotation ------------------------------------------------------------------

  #schedule() {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      if (this.isConnected) this.#run();
    });
  }

  async #run() {
    const seq = ++this.#seq;
    const forId = this.getAttribute("for");
    this.#body.classList.toggle("no-article", forId !== null);
    this.#article.hidden = forId !== null;
    if (forId !== null) return this.#runInPlace(seq, forId);
    this.#restoreInPlace();

    const text = wellFormed(this.text);
    // Readable at once, and stays so if the annotator cannot run.
    if (!this.#result) this.#renderPlain(text);
    const slow = setTimeout(() => seq === this.#seq && this.#setStatus("Annotating…"), 200);
    const t0 = performance.now();
    let result;
    try {
      result = await annotate(text, await this.#options());
    } catch (e) {
      clearTimeout(slow);
      if (seq !== this.#seq) return;
      // Shown plain already unless an earlier result is still on screen.
      if (this.#result) this.#renderPlain(text);
      return this.#fail(e, text);
    }
    clearTimeout(slow);
    if (seq !== this.#seq) return;
    const t1 = performance.now();
    if (await this.#renderArticle(text, result, seq)) this.#done(result, text, t0, t1);
  }

  async #runInPlace(seq, id) {
    const scope = this.getRootNode();
    const target = (typeof scope.getElementById === "function" ? scope.getElementById(id) : null) ?? document.getElementById(id);
    this.#restoreInPlace();
    if (!target || target === this || this.contains(target)) {
      return this.#fail(new EngineError("no-target", `There is no article with id “${id}” to annotate.`));
    }
    const t0 = performance.now();
    const first = collectText(target);
    const text = wellFormed(first.text);
    let result;
    try {
      result = await annotate(text, await this.#options());
    } catch (e) {
      if (seq !== this.#seq) return;
      return this.#fail(e, text);
    }
    if (seq !== this.#seq) return;
    const now = collectText(target);
    if (now.text !== first.text) return this.#schedule(); // the host changed it meanwhile
    const t1 = performance.now();
    this.#resetIndexes();
    const root = target.getRootNode();
    retainDocSheet(root);
    const segs = segments(text.length, result);
    const { records, wraps, map } = wrapRanges(now.nodes, segs, (seg) => this.#makeMark(seg, result, false), { skipBlank: true });
    this.#inplace = { target, records, root };
    this.#index(wraps, map);
    this.#listen(target, true);
    this.#done(result, text, t0, t1);
  }

  #restoreInPlace() {
    const p = this.#inplace;
    if (!p) return;
    this.#inplace = null;
    this.#listen(p.target, false);
    this.#clearRanges();
    for (const el of this.#segOf.keys()) el.removeAttribute("tabindex");
    unwrap(p.records);
    releaseDocSheet(p.root);
    this.#resetIndexes();
  }

  /** Shows `result`, annotated from t0 and rendered from t1 (performance.now() times). */
  #done(result, text, t0, t1) {
    this.#renderPanels(result, text);
    this.#timing = { annotateMs: t1 - t0, renderMs: performance.now() - t1 };
    this.#result = result;
    this.#text = text;
    const m = arr(result.mentions).length;
    const e = this.#entityById.size;
    const q = arr(result.quotes).length;
    this.#setStatus(
      text.trim() === ""
        ? ""
        : e + q === 0
        ? "No names, dates or quotes found."
        : `${plural(e, "entity", "entities")} in ${plural(m, "mention")} · ${plural(q, "quote")}${result.truncated ? " · text was cut at the size limit" : ""}`,
    );
    this.#emit("annotated", result);
  }

  /** Shows the error `e` (annotating `text`) and clears the panels. */
  #fail(e, text = "") {
    this.#renderPanels(null, text);
    const code = e instanceof EngineError ? e.code : "failed";
    let message = e?.message ?? String(e);
    const detail = { code, message };
    if (code === "lexicon") {
      const src = this.#lexiconText === null ? this.getAttribute("lexicon-src") : null;
      if (src && e.line > 0) message = message.replace("The site lexicon", `The site lexicon ${src}`);
      Object.assign(detail, { message, line: e.line ?? 0, field: e.field ?? "" });
    }
    this.#result = null;
    this.#updateNav();
    this.#setStatus(message, true);
    this.#emit("annotation-error", detail);
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  #setStatus(message, error = false) {
    this.#status.textContent = message;
    this.#status.classList.toggle("error", error);
    this.#status.setAttribute("role", error ? "alert" : "status");
  }

  // --- rendering -------------------------------------------------------------------

  #resetIndexes() {
    this.#byMention = new Map();
    this.#byQuote = new Map();
    this.#segOf = new Map();
    this.#nav = [];
    this.#navIndex = new Map();
    this.#current = null;
    this.#map = [];
    this.#moved = false;
    this.#ends = [];
    this.#updateNav();
  }

  /** Puts `text` into the article part as Text nodes (in blocks when long); returns them as {node, start}. */
  #fill(text) {
    this.#clearRanges();
    this.#resetIndexes();
    const parts = blocks(text);
    const nodes = [];
    const frag = document.createDocumentFragment();
    for (const [start, end] of parts) {
      const node = document.createTextNode(parts.length === 1 ? text : text.slice(start, end));
      nodes.push({ node, start });
      if (parts.length === 1) frag.append(node);
      else frag.append(h("div", { class: "block" }, node));
    }
    this.#article.replaceChildren(frag);
    return nodes;
  }

  #renderPlain(text) {
    this.#map = this.#fill(text);
  }

  /** Renders `text` with the highlights of `result`; long texts in slices. Resolves false if superseded. */
  async #renderArticle(text, result, seq) {
    const nodes = this.#fill(text);
    const segs = segments(text.length, result);
    const make = (seg) => this.#makeMark(seg, result, true);
    const wraps = [];
    const map = [];
    let i = 0;
    while (i < nodes.length) {
      const t0 = performance.now();
      do {
        const r = wrapRanges([nodes[i++]], segs, make);
        for (const w of r.wraps) wraps.push(w);
        for (const m of r.map) map.push(m);
      } while (i < nodes.length && performance.now() - t0 < 10);
      if (i < nodes.length) {
        await new Promise((ok) => setTimeout(ok, 0));
        if (seq !== this.#seq) return false;
      }
    }
    this.#index(wraps, map);
    return true;
  }

  #makeMark(seg, result, inShadow) {
    const el = document.createElement(MARK);
    el.setAttribute("role", "mark");
    const parts = [];
    const desc = [];
    if (seg.m >= 0) {
      const m = result.mentions[seg.m];
      const info = TYPES.get(m.type);
      el.className = `aa-ent aa-${info.key}`;
      if (this.#hidden.has(info.key)) el.classList.add("aa-off");
      el.dataset.m = String(seg.m);
      parts.push("entity", info.key);
      const entity = arr(result.entities)[m.cluster];
      desc.push(`${info.one}: ${entity?.name ?? m.text ?? ""}`);
    }
    if (seg.q >= 0) {
      el.classList.add("aa-q");
      if (this.#hidden.has("quotes")) el.classList.add("aa-qoff");
      el.dataset.q = String(seg.q);
      parts.push("quote");
      const q = result.quotes[seg.q];
      desc.push(`quote, ${kindLabel(q?.kind)}, ${q?.speaker_name ? `said by ${q.speaker_name}` : "unattributed"}`);
    }
    // Screen readers hear the type from the description; the text itself stays the input.
    const d = desc.join("; ");
    el.setAttribute("aria-description", d.charAt(0).toUpperCase() + d.slice(1));
    if (inShadow) el.setAttribute("part", parts.join(" "));
    return el;
  }

  #index(wraps, map) {
    this.#map = map;
    for (const { el, seg } of wraps) {
      this.#segOf.set(el, seg);
      if (seg.m >= 0) {
        const list = this.#byMention.get(seg.m);
        if (list) {
          list.push(el);
          this.#navIndex.set(el, this.#navIndex.get(list[0]));
        } else {
          this.#byMention.set(seg.m, [el]);
          this.#navIndex.set(el, this.#nav.length);
          this.#nav.push(el);
        }
      }
      if (seg.q >= 0) {
        const list = this.#byQuote.get(seg.q);
        if (list) list.push(el);
        else this.#byQuote.set(seg.q, [el]);
      }
    }
    if (this.#nav.length) {
      this.#current = this.#nav[0];
      this.#current.tabIndex = 0;
    }
    for (const list of this.#byMention.values()) this.#ends.push(list[list.length - 1]);
    this.#applyLabels();
    this.#updateNav();
  }

  #applyLabels() {
    const on = (this.getAttribute("labels") ?? "").toLowerCase() !== "none";
    for (const el of this.#ends) el.classList.toggle("aa-end", on);
  }

  #updateNav() {
    const none = this.#nav.length === 0;
    this.#prev.disabled = none;
    this.#next.disabled = none;
  }

  #renderPanels(result, text) {
    const entities = arr(result?.entities);
    const mentions = arr(result?.mentions);
    const quotes = arr(result?.quotes);
    const prevEntity = this.#selEntity === null ? null : this.#entityById.get(this.#selEntity);
    const prevKey = prevEntity ? `${prevEntity.type}\u0000${prevEntity.name}` : null;
    this.#selEntity = null;
    this.#selQuote = null;
    this.#entityById = new Map();
    this.#entityButtons = new Map();
    this.#quoteButtons = new Map();

    // Legend counts: mentions per type.
    const counts = new Map();
    for (const m of mentions) if (TYPES.has(m?.type)) counts.set(m.type, (counts.get(m.type) ?? 0) + 1);
    const count = (chip, n) => {
      chip.querySelector(".n").textContent = num(n);
      chip.classList.toggle("zero", n === 0);
    };
    for (const [type, chip] of this.#chips) count(chip, counts.get(type) ?? 0);
    count(this.#quoteChip, quotes.length);

    // Entities, grouped by type, most mentioned first.
    const groups = new Map();
    for (const e of entities) {
      if (!e || !TYPES.has(e.type) || !Number.isInteger(e.id)) continue;
      this.#entityById.set(e.id, e);
      const g = groups.get(e.type);
      if (g) g.push(e);
      else groups.set(e.type, [e]);
    }
    const frag = document.createDocumentFragment();
    let restore = null;
    for (const [type, info] of TYPES) {
      const list = groups.get(type);
      if (!list) continue;
      list.sort((a, b) => (b.mentions?.length ?? 0) - (a.mentions?.length ?? 0) || a.id - b.id);
      const ul = h("ul");
      for (const e of list.slice(0, PANEL_LIMIT)) {
        const n = arr(e.mentions).length;
        const b = h("button", { type: "button", class: `item ${info.key}`, part: "item", "aria-pressed": "false", "data-e": String(e.id) },
          h("span", { class: "sw", "aria-hidden": "true" }), h("span", { class: "nm" }, String(e.name ?? "")),
          h("span", { class: "n" }, String(n), h("span", { class: "vh" }, n === 1 ? " mention" : " mentions")));
        this.#entityButtons.set(e.id, b);
        if (prevKey !== null && `${e.type}\u0000${e.name}` === prevKey) restore = e.id;
        ul.append(h("li", null, b));
      }
      if (list.length > PANEL_LIMIT) ul.append(more(list.length));
      const group = h("div", { class: `grp ${info.key}`, role: "group", "aria-label": info.many, "data-type": info.key },
        h("h3", { "aria-hidden": "true" }, h("span", { class: "sw" }), `${info.many} · ${num(list.length)}`), ul);
      group.hidden = this.#hidden.has(info.key);
      frag.append(group);
    }
    if (!this.#entityById.size) frag.append(h("p", { class: "empty" }, result ? "No entities found." : "—"));
    this.#entList.replaceChildren(frag);
    this.#entCount.textContent = num(this.#entityById.size);

    // Quotes, in text order.
    const qfrag = document.createDocumentFragment();
    quotes.slice(0, PANEL_LIMIT).forEach((q, i) => {
      const said = arr(q?.parts).map((p) => text.slice(p.start, p.end).trim()).filter(Boolean).join(" … ");
      const kind = kindLabel(q.kind);
      const mark = q.kind === "indirect" ? ["", ""] : ["“", "”"];
      const who = q.speaker_name
        ? h("span", { class: "who" }, String(q.speaker_name))
        : h("span", { class: "who none" }, "unattributed");
      const meta = h("span", { class: "qmeta" }, who);
      if (q.cue) meta.append(h("span", { class: "cue" }, String(q.cue)));
      meta.append(h("span", { class: "kind" }, kind));
      const b = h("button", { type: "button", class: "item qt", part: "item", "aria-pressed": "false", "data-q": String(i) },
        h("span", { class: "qtext" }, mark[0] + clip(said, 220) + mark[1]), meta);
      this.#quoteButtons.set(i, b);
      qfrag.append(h("li", null, b));
    });
    if (quotes.length > PANEL_LIMIT) qfrag.append(more(quotes.length));
    if (!quotes.length) qfrag.append(h("li", { class: "empty" }, result ? "No quotes found." : "—"));
    this.#quoteList.replaceChildren(qfrag);
    this.#quoteCount.textContent = num(quotes.length);

    if (restore !== null) this.#selectEntity(restore, false);
  }

  // A chip's accessible name is its visible text ("People 8 highlights"); aria-pressed says shown or hidden.

  // --- legend, panels, selection ---------------------------------------------------

  #onLegend(e) {
    const chip = e.target.closest(".chip");
    if (!chip) return;
    let key = "quotes";
    for (const [type, c] of this.#chips) if (c === chip) key = TYPES.get(type).key;
    const hidden = new Set(this.#hidden);
    if (hidden.has(key)) hidden.delete(key);
    else hidden.add(key);
    const value = [...hidden].join(" ");
    if (value) this.setAttribute("hide", value);
    else this.removeAttribute("hide");
  }

  #applyHide() {
    const keys = new Set([...TYPES.values()].map((i) => i.key));
    this.#hidden = new Set();
    for (const token of (this.getAttribute("hide") ?? "").toLowerCase().split(" ")) {
      if (keys.has(token)) this.#hidden.add(token);
      else if (token === "quotes" || token === "quote") this.#hidden.add("quotes");
    }
    const mentions = this.#result?.mentions ?? [];
    for (const [el, seg] of this.#segOf) {
      if (seg.m >= 0) el.classList.toggle("aa-off", this.#hidden.has(TYPES.get(mentions[seg.m]?.type)?.key));
      if (seg.q >= 0) el.classList.toggle("aa-qoff", this.#hidden.has("quotes"));
    }
    for (const [type, chip] of this.#chips) press(chip, !this.#hidden.has(TYPES.get(type).key));
    press(this.#quoteChip, !this.#hidden.has("quotes"));
    for (const g of this.#entList.children) if (g.dataset?.type) g.hidden = this.#hidden.has(g.dataset.type);
  }

  #applyPanels() {
    const raw = this.getAttribute("panels");
    const want = new Set((raw ?? "legend entities quotes").toLowerCase().split(" "));
    this.#legend.hidden = !want.has("legend");
    this.#entSection.hidden = !want.has("entities");
    this.#quoteSection.hidden = !want.has("quotes");
    this.#panels.hidden = this.#entSection.hidden && this.#quoteSection.hidden;
    this.#navGroup.hidden = raw !== null && raw.trim().toLowerCase() === "none";
  }

  #clearSelection() {
    this.#hideTip();
    if (this.#selEntity !== null) this.#selectEntity(this.#selEntity, false);
    if (this.#selQuote !== null) this.#selectQuote(this.#selQuote, false);
  }

  /** Toggles the selection of entity `id`: marks all its mentions, scrolls to the first. */
  #selectEntity(id, scroll) {
    const entity = this.#entityById.get(id);
    const on = this.#selEntity !== id;
    if (this.#selEntity !== null) {
      this.#markEntity(this.#selEntity, false);
      this.#selEntity = null;
    }
    if (!entity || !on) return;
    this.#selEntity = id;
    const first = this.#markEntity(id, true);
    if (scroll && first) this.#scrollTo(first);
  }

  #markEntity(id, on) {
    const entity = this.#entityById.get(id);
    press(this.#entityButtons.get(id), on);
    let first = null;
    for (const mi of arr(entity?.mentions)) {
      for (const el of this.#byMention.get(mi) ?? []) {
        el.classList.toggle("aa-sel", on);
        first ??= el;
      }
    }
    return first;
  }

  /** Toggles the selection of quote `i`: marks it, its speaker and cue, scrolls to it. */
  #selectQuote(i, scroll) {
    const on = this.#selQuote !== i;
    if (this.#selQuote !== null) {
      for (const el of this.#byQuote.get(this.#selQuote) ?? []) el.classList.remove("aa-qsel");
      press(this.#quoteButtons.get(this.#selQuote), false);
      this.#selQuote = null;
      this.#clearRanges();
    }
    const q = this.#result?.quotes?.[i];
    if (!on || !q) return;
    this.#selQuote = i;
    press(this.#quoteButtons.get(i), true);
    const els = this.#byQuote.get(i) ?? [];
    for (const el of els) el.classList.add("aa-qsel");
    const hl = sharedHighlights();
    if (hl) {
      const add = (span, k) => {
        const r = span ? rangeFor(this.#map, span.start, span.end) : null;
        if (r) {
          hl[k].add(r);
          this.#ranges.push([k, r]);
        }
      };
      add(q.cue_span, 0);
      add(q.speaker_span, 1);
    }
    if (scroll && els[0]) this.#scrollTo(els[0]);
  }

  #clearRanges() {
    const hl = this.#ranges.length ? sharedHighlights() : null;
    if (hl) for (const [k, r] of this.#ranges) hl[k].delete(r);
    this.#ranges = [];
  }

  #scrollTo(el) {
    const smooth = !matchMedia("(prefers-reduced-motion: reduce)").matches;
    el.scrollIntoView({ block: "center", inline: "nearest", behavior: smooth ? "smooth" : "auto" });
  }

  // --- marks: hover, focus, keyboard -------------------------------------------------

  #handlers = null;

  #listen(target, on) {
    this.#handlers ??= {
      pointerover: (e) => {
        const el = this.#markOf(e.target);
        if (el) this.#showTip(el);
      },
      pointerout: (e) => {
        const el = this.#markOf(e.target);
        if (el && this.#markOf(e.relatedTarget) !== el && this.#tipFor !== this.#focusedMark()) this.#hideTip();
      },
      focusin: (e) => {
        const el = this.#markOf(e.target);
        if (!el) return;
        this.#moved = true;
        this.#makeCurrent(el);
        this.#showTip(el);
      },
      focusout: () => this.#hideTip(),
      scroll: this.#onScroll,
      click: (e) => {
        const el = this.#markOf(e.target);
        if (!el) return;
        const seg = this.#segOf.get(el);
        if (seg.m >= 0) this.#selectMention(seg.m);
        else if (seg.q >= 0) {
          this.#selectQuote(seg.q, false);
          reveal(this.#quoteButtons.get(seg.q), this.#quoteList);
        }
      },
      keydown: (e) => this.#onKey(e),
    };
    for (const [type, fn] of Object.entries(this.#handlers)) {
      if (on) target.addEventListener(type, fn, type === "scroll" ? { passive: true } : undefined);
      else target.removeEventListener(type, fn);
    }
  }

  #markOf(node) {
    const el = node?.closest?.(MARK);
    return el && this.#segOf.has(el) ? el : null;
  }

  #focusedMark() {
    const a = this.#inplace ? this.#inplace.root.activeElement : this.shadowRoot.activeElement;
    return this.#markOf(a);
  }

  #selectMention(mi) {
    for (const [id, e] of this.#entityById) {
      if (arr(e.mentions).includes(mi)) {
        this.#selectEntity(id, false);
        reveal(this.#entityButtons.get(id), this.#entList);
        return;
      }
    }
  }

  #makeCurrent(el) {
    const first = this.#nav[this.#navIndex.get(el)] ?? el;
    if (this.#current && this.#current !== first) this.#current.removeAttribute("tabindex");
    this.#current = first;
    first.tabIndex = 0;
  }

  /** Next/previous: n/p, Alt+Down/Up, Right/Left; Home/End; Enter or Space selects; Escape clears. */
  #onKey(e) {
    const el = this.#markOf(e.target);
    const fromArticle = e.target === this.#article;
    if (!el && !fromArticle) return;
    const plain = !e.ctrlKey && !e.metaKey && !e.altKey;
    let d = 0;
    if ((plain && (e.key === "ArrowRight" || e.key === "n")) || (e.altKey && e.key === "ArrowDown")) d = 1;
    else if ((plain && (e.key === "ArrowLeft" || e.key === "p")) || (e.altKey && e.key === "ArrowUp")) d = -1;
    if (d) {
      e.preventDefault();
      if (fromArticle) this.#moved = false;
      this.#step(d);
      return;
    }
    if (!plain) return;
    switch (e.key) {
      case "Home":
      case "End":
        if (fromArticle || !this.#nav.length) return;
        e.preventDefault();
        this.#moved = false;
        this.#step(e.key === "Home" ? 1 : -1);
        return;
      case "Escape":
        this.#clearSelection();
        return;
      case "Enter":
      case " ":
        if (!el) return;
        e.preventDefault();
        if (this.#segOf.get(el).m >= 0) this.#selectMention(this.#segOf.get(el).m);
        else this.#selectQuote(this.#segOf.get(el).q, false);
    }
  }

  /** Focuses the next (d = 1) or previous (d = -1) highlight of a shown type, from the current one. */
  #step(d) {
    const nav = this.#nav;
    if (!nav.length) return false;
    let i = this.#moved && this.#current ? (this.#navIndex.get(this.#current) ?? -1) : d > 0 ? -1 : nav.length;
    do i += d;
    while (i >= 0 && i < nav.length && nav[i].classList.contains("aa-off"));
    if (i < 0 || i >= nav.length) return false;
    const target = nav[i];
    this.#makeCurrent(target);
    target.focus();
    target.scrollIntoView({ block: "nearest" });
    return true;
  }

  #tipFor = null;

  #showTip(el) {
    const seg = this.#segOf.get(el);
    const result = this.#result;
    if (!seg || !result) return;
    const tip = this.#tip;
    const rows = [];
    if (seg.m >= 0) {
      const m = result.mentions[seg.m];
      const info = TYPES.get(m.type);
      const entity = this.#entityById.get(m.cluster);
      const n = Array.isArray(entity?.mentions) ? entity.mentions.length : 1;
      let sub = plural(n, "mention");
      if (entity && m.text && m.text !== entity.name) sub = `“${m.text}” · ${sub}`;
      if (Number.isInteger(m.title_of)) {
        const person = result.mentions[m.title_of];
        const pe = person ? this.#entityById.get(person.cluster) : null;
        if (pe) sub += ` · title of ${pe.name}`;
      }
      rows.push(
        h("div", { class: `row ${info.key}` }, h("span", { class: "sw" }), h("span", { class: "ty" }, info.one)),
        h("div", { class: "nm" }, String(entity?.name ?? m.text ?? "")),
        h("div", { class: "sub" }, sub),
      );
    }
    if (seg.q >= 0) {
      const q = result.quotes[seg.q];
      if (rows.length) rows.push(h("div", { class: "sep" }));
      rows.push(
        h("div", { class: "row" }, h("span", { class: "sw q" }), h("span", { class: "ty" }, `Quote · ${kindLabel(q?.kind)}`)),
        h("div", { class: "sub" }, q?.speaker_name ? `${q.speaker_name}${q.cue ? ` (${q.cue})` : ""}` : "unattributed"),
      );
    }
    tip.replaceChildren(...rows);
    this.#tipFor = el;
    try {
      if (POPOVER) {
        if (!tip.matches(":popover-open")) tip.showPopover();
      } else tip.classList.add("open");
    } catch {
      return;
    }
    this.#placeTip(el);
    addEventListener("scroll", this.#onScroll, { capture: true, passive: true });
  }

  /** Keeps the tooltip on a focused highlight while scrolling; otherwise hides it. */
  #onScroll = () => {
    if (!this.#tipFor) return;
    if (this.#tipFor === this.#focusedMark()) this.#placeTip(this.#tipFor);
    else this.#hideTip();
  };

  #placeTip(el) {
    const tip = this.#tip;
    const rect = el.getClientRects()[0] ?? el.getBoundingClientRect();
    const w = tip.offsetWidth;
    const hgt = tip.offsetHeight;
    const left = Math.max(8, Math.min(rect.left, innerWidth - w - 8));
    let top = rect.bottom + 6;
    if (top + hgt > innerHeight - 8) top = Math.max(8, rect.top - hgt - 6);
    tip.style.left = `${left}px`;
    tip.style.top = `${top}px`;
  }

  #hideTip() {
    this.#tipFor = null;
    removeEventListener("scroll", this.#onScroll, { capture: true });
    try {
      if (POPOVER && this.#tip.matches(":popover-open")) this.#tip.hidePopover();
    } catch {
      // Not shown.
    }
    this.#tip.classList.remove("open");
  }
}
