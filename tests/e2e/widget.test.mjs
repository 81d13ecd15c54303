// <article-annotator> in headless Chromium: both modes on the embed page, exact
// restoring of a host article, hostile text, Unicode round trips, odd inputs.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { WWW, setup, shot } from "./helpers.mjs";

let env;
before(async () => {
  env = await setup({
    mounts: { "/nowasm/": WWW },
    headers: (path) => (path.startsWith("/nowasm/") ? { "content-security-policy": "script-src 'self'" } : {}),
  });
});
after(() => env?.close());

/** Opens the test host page (no CSP, aggressive CSS) and waits for the element to be defined. */
async function host() {
  const p = await env.newPage();
  const sentinel = [];
  p.page.on("request", (r) => {
    if (r.url().includes("/sentinel")) sentinel.push(r.url());
  });
  await p.page.goto(`${env.url}__fixtures__/host.html`);
  await p.page.evaluate(() => customElements.whenDefined("article-annotator"));
  return { ...p, sentinel };
}

/** In the page: annotates `text` through `entry` and returns what the element shows. */
function annotateVia(page, entry, text) {
  return page.evaluate(async ({ entry, text }) => {
    const slot = document.querySelector("#slot");
    slot.replaceChildren();
    const el = document.createElement("article-annotator");
    let target = null;
    if (entry === "attribute") el.setAttribute("text", text);
    else if (entry === "property") el.text = text;
    else if (entry === "light-dom") el.append(document.createTextNode(text));
    else if (entry === "in-place") {
      target = document.createElement("article");
      target.id = "hostile-story";
      for (const para of text.split("\n\n")) {
        const p = document.createElement("p");
        p.append(document.createTextNode(para));
        target.append(p);
      }
      slot.append(target);
      el.setAttribute("for", "hostile-story");
    }
    const done = new Promise((ok) => {
      el.addEventListener("annotated", () => ok("annotated"), { once: true });
      el.addEventListener("annotation-error", (e) => ok(`error: ${e.detail.message}`), { once: true });
    });
    slot.append(el);
    const outcome = await done;
    await new Promise((ok) => setTimeout(ok, 50)); // let any (wrongly) created image load or handler run
    const art = el.shadowRoot.querySelector('[part~="article"]');
    const scope = target ?? art;
    const elements = [...scope.querySelectorAll("*")].map((n) => n.localName);
    return {
      outcome,
      text: target ? null : art.textContent,
      hostText: target ? [...target.querySelectorAll("p")].map((p) => p.textContent).join("\n\n") : null,
      foreign: elements.filter((n) => !["article-annotator-mark", "div", "p"].includes(n)),
      marks: scope.querySelectorAll("article-annotator-mark").length,
      result: el.annotations,
      pwned: window.__pwned ?? null,
      proto: Object.getOwnPropertyNames(Object.prototype).length,
    };
  }, { entry, text });
}

const PAYLOADS = [
  "<script>window.__pwned = 'script'</script>",
  '<img src="/sentinel/img.png" onerror="window.__pwned = \'img\'">',
  "</textarea></mark></article-annotator-mark><img src=/sentinel/breakout onerror=window.__pwned='breakout'>",
  "<svg onload=\"window.__pwned = 'svg'\"><script>window.__pwned = 'svg-script'</script></svg>",
  "<math><mtext><table><mglyph><style><img src=/sentinel/mxss onerror=window.__pwned='mxss'>",
  '<a href="javascript:window.__pwned=\'href\'">click</a> <iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  "&lt;b&gt; &amp;amp; &#x3C;script&#x3E; &quot;",
  "{{constructor.constructor('window.__pwned=1')()}} ${window.__pwned = 'template'} <%= 1 %>",
  "<style>*{background:url(/sentinel/css)}</style><link rel=stylesheet href=/sentinel/link>",
  '" onmouseover="window.__pwned=1" x="',
  "__proto__ constructor toString hasOwnProperty valueOf",
];
const HOSTILE = PAYLOADS.map((p) => `President Emmanuel Macron told Le Monde in Paris on Monday: “${p}”`).join("\n\n");

test("hostile text renders as text and runs nothing, through every entry point", async () => {
  const { page, errors, context, sentinel } = await host();
  for (const entry of ["attribute", "property", "light-dom", "in-place"]) {
    const r = await annotateVia(page, entry, HOSTILE);
    assert.equal(r.outcome, "annotated", entry);
    if (entry === "in-place") assert.equal(r.hostText, HOSTILE, `${entry}: host text kept`);
    else assert.equal(r.text, HOSTILE, `${entry}: textContent equals the input`);
    assert.deepEqual(r.foreign, [], `${entry}: no element but highlights`);
    assert.ok(r.marks > 0, `${entry}: highlighted`);
    assert.equal(r.pwned, null, `${entry}: no handler ran`);
    assert.equal(r.proto, Object.getOwnPropertyNames(Object.prototype).length, `${entry}: Object.prototype untouched`);
  }
  assert.deepEqual(sentinel, [], "nothing requested");
  assert.deepEqual(errors, []);
  // Positive control: the same payload through an HTML sink is caught by both detectors.
  await page.evaluate((p) => {
    document.querySelector("#scratch").innerHTML = p;
  }, PAYLOADS[1]);
  await page.waitForFunction(() => window.__pwned === "img");
  assert.ok(sentinel.length > 0, "the sentinel request is seen when a sink is used");
  await context.close();
});

test("hostile text typed into the page's text box renders as text", async () => {
  const { page, errors, context } = await env.newPage();
  const sentinel = [];
  page.on("request", (r) => r.url().includes("/sentinel") && sentinel.push(r.url()));
  await page.goto(env.url);
  await page.waitForFunction(() => document.querySelector("#view").annotations !== null);
  await page.fill("#input", HOSTILE);
  await page.waitForFunction((t) => {
    const v = document.querySelector("#view");
    return v.annotations && v.shadowRoot.querySelector('[part~="article"]').textContent === t;
  }, HOSTILE);
  const foreign = await page.evaluate(() =>
    [...document.querySelector("#view").shadowRoot.querySelector('[part~="article"]').querySelectorAll("*")]
      .map((n) => n.localName).filter((n) => n !== "article-annotator-mark"));
  assert.deepEqual(foreign, []);
  assert.equal(await page.evaluate(() => window.__pwned ?? null), null);
  assert.deepEqual(sentinel, []);
  assert.deepEqual(await page.evaluate(() => window.__violations), [], "no CSP violation either");
  assert.deepEqual(errors, []);
  await context.close();
});

test("API: attributes are the source of truth; the annotated event carries the result", async () => {
  const { page, errors, context } = await host();
  const r = await page.evaluate(async () => {
    const el = document.createElement("article-annotator");
    document.querySelector("#slot").replaceChildren(el);
    const seen = [];
    document.addEventListener("annotated", (e) => seen.push({ target: e.target === el, composed: e.composed, bubbles: e.bubbles, same: e.detail === el.annotations }));
    const next = () => new Promise((ok) => el.addEventListener("annotated", ok, { once: true }));
    let done = next();
    el.text = "Chancellor Angela Merkel spoke in Berlin on Monday.";
    const reflected = el.getAttribute("text");
    await done;
    done = next();
    el.setAttribute("text", "President Joe Biden spoke in Washington on Tuesday.");
    await done;
    const property = el.text;
    const result = el.annotations;
    try {
      el.annotations = { forged: true };
    } catch {
      // Read-only: a setter-less accessor throws in strict code.
    }
    el.setAttribute("hide", "person quotes");
    const chip = el.shadowRoot.querySelector('[part~="legend"] .chip.person');
    const people = [...el.shadowRoot.querySelectorAll("article-annotator-mark.aa-person")];
    el.setAttribute("panels", "none");
    const hidden = ['[part~="legend"]', '[part~="panels"]'].map((s) => el.shadowRoot.querySelector(s).hidden);
    const Class = customElements.get("article-annotator");
    return {
      reflected, property, seen, unchanged: el.annotations === result,
      pressed: chip.getAttribute("aria-pressed"), off: people.length > 0 && people.every((m) => m.classList.contains("aa-off")),
      hidden, define: Class.define() === Class && Class.define("article-annotator") === Class,
      text: el.shadowRoot.querySelector('[part~="article"]').textContent,
    };
  });
  assert.equal(r.reflected, "Chancellor Angela Merkel spoke in Berlin on Monday.");
  assert.equal(r.property, "President Joe Biden spoke in Washington on Tuesday.");
  assert.equal(r.text, r.property);
  assert.deepEqual(r.seen, [1, 2].map(() => ({ target: true, composed: true, bubbles: true, same: true })));
  assert.ok(r.unchanged, "annotations is read-only");
  assert.equal(r.pressed, "false");
  assert.ok(r.off, "hide=person turns the people highlights off");
  assert.deepEqual(r.hidden, [true, true]);
  assert.ok(r.define, "define() again is harmless");
  assert.deepEqual(errors, []);
  await context.close();
});

test("host CSS cannot reach the element's text or highlights", async () => {
  const { page, context } = await host();
  await annotateVia(page, "property", "Chancellor Angela Merkel spoke in Berlin on Monday.");
  const styles = await page.evaluate(() => {
    const root = document.querySelector("#slot article-annotator").shadowRoot;
    const mark = root.querySelector("article-annotator-mark");
    const art = root.querySelector('[part~="article"]');
    return { display: getComputedStyle(mark).display, bg: getComputedStyle(mark).backgroundColor, art: getComputedStyle(art).display, vis: getComputedStyle(mark).visibility };
  });
  assert.equal(styles.display, "inline");
  assert.notEqual(styles.bg, "rgb(255, 0, 0)");
  assert.equal(styles.art, "block");
  assert.equal(styles.vis, "visible");
  await context.close();
});

const UNICODE = [
  "Emoji: 👩‍👩‍👧‍👦 and 🇵🇱 before Angela Merkel met Emmanuel Macron in Paris. 😀",
  "CJK: 東京で岸田文雄首相は月曜日に会見した。 Then Prime Minister Fumio Kishida spoke in Tokyo.",
  "Combining: Zoe\u0308 Cafe\u0301 n\u0303 — Zoë Saldaña visited São Paulo, Brazil, on 3 March 2024.",
  "RTL: قال الرئيس في القاهرة «سنفوز» and ‏שלום‏ then President Joe Biden said “We will.”",
  "Bidi controls \u202Eevil\u202C \u2066iso\u2069 and zero width \u200B\u200D joiners with Berlin.",
  "CRLF\r\nand CR\rline breaks with Boris Johnson in London.\r\n",
  "Lone surrogate \uD800 and \uDC00 next to Olaf Scholz in Berlin.",
  "Tabs\tand   spaces   with\u00A0no-break and \u2028 separators by Joe Biden.",
];

test("the rendered text equals the input: emoji, CJK, combining marks, RTL, controls", async () => {
  const { page, errors, context } = await host();
  let marks = 0;
  for (const text of UNICODE) {
    const r = await annotateVia(page, "property", text);
    assert.equal(r.outcome, "annotated");
    marks += r.marks;
    assert.equal(r.text, text.toWellFormed(), JSON.stringify(text));
    const check = await page.evaluate(() => {
      const el = document.querySelector("#slot article-annotator");
      const art = el.shadowRoot.querySelector('[part~="article"]');
      const text = art.textContent;
      const bad = [];
      for (const m of art.querySelectorAll("article-annotator-mark[data-m]")) {
        const mention = el.annotations.mentions[Number(m.dataset.m)];
        if (!text.slice(mention.start, mention.end).includes(m.textContent)) bad.push(m.textContent);
        if (getComputedStyle(m).unicodeBidi !== "isolate") bad.push("not isolated");
      }
      return bad;
    });
    assert.deepEqual(check, [], JSON.stringify(text));
  }
  assert.ok(marks > 0, "names next to the odd characters are highlighted");
  assert.deepEqual(errors, []);
  await context.close();
});

test("odd inputs do not poison the annotator: an ordinary text still annotates after them", async () => {
  const { page, errors, context } = await host();
  const odd = [
    "", " ", "\uD800", "\u0000\u0001", "“".repeat(20_000), "\"".repeat(20_001), "A".repeat(100_000),
    "Mr. ".repeat(10_000), "e\u0301".repeat(10_000), "«»„“”‘’".repeat(3000), "\u202E".repeat(1000),
  ];
  const outcomes = await page.evaluate(async (odd) => {
    const el = document.createElement("article-annotator");
    document.querySelector("#slot").replaceChildren(el);
    const run = (text) => new Promise((ok) => {
      el.addEventListener("annotated", () => ok("annotated"), { once: true });
      el.addEventListener("annotation-error", (e) => ok(e.detail.message), { once: true });
      el.text = text;
    });
    const out = [];
    for (const t of odd) out.push(await run(t));
    out.push(await run("Chancellor Angela Merkel met President Emmanuel Macron in Paris on Monday."));
    out.push(el.annotations.entities.map((e) => e.name));
    return out;
  }, odd);
  assert.deepEqual(outcomes.slice(0, -1), Array(odd.length + 1).fill("annotated"));
  assert.ok(outcomes.at(-1).some((n) => n.includes("Merkel")), `entities after odd inputs: ${outcomes.at(-1)}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("in-place mode keeps the host's markup and every character, and restores it exactly", async () => {
  const { page, errors, context } = await host();
  const r = await page.evaluate(async () => {
    const story = document.createElement("article");
    story.id = "story";
    // Test code builds a realistic host article; the widget itself never parses HTML.
    story.innerHTML = `
      <h2>Berlin <em>talks</em> end</h2>
      <p>Chancellor <b>Olaf</b> Scholz met <a href="#x">President Emmanuel Macron</a> in Paris on Monday.<!-- note --></p>
      <p>“We will,” he said, “succeed.”<br>Angela Merkel agreed, the <span class="x">German</span> press said.</p>
      <table><tbody><tr><td>Madrid</td><td>Spain</td></tr></tbody></table>
      <script type="text/plain">Joe Biden in a script is not text</script>
      <p>   </p>
      <ul><li>The European Union said that it would act by 2030.</li></ul>`;
    document.querySelector("#slot").replaceChildren(story);
    const walk = () => {
      const out = [];
      const w = document.createTreeWalker(story, NodeFilter.SHOW_ALL);
      for (let n = w.nextNode(); n; n = w.nextNode()) out.push(n);
      return out;
    };
    const nodes = walk();
    const data = nodes.map((n) => n.nodeValue);
    const html = story.innerHTML;
    const text = story.textContent;
    const outside = document.body.children.length;

    const el = document.createElement("article-annotator");
    el.setAttribute("for", "story");
    const annotated = new Promise((ok) => el.addEventListener("annotated", ok, { once: true }));
    document.body.append(el);
    await annotated;
    const during = {
      marks: story.querySelectorAll("article-annotator-mark").length,
      text: story.textContent === text,
      script: story.querySelector("script").textContent,
      outsideMarks: document.querySelectorAll("article-annotator-mark").length - story.querySelectorAll("article-annotator-mark").length,
      sameChildren: document.body.children.length === outside + 1,
      legend: el.shadowRoot.querySelector('[part~="legend"] .chip.person .n').textContent,
      articleHidden: el.shadowRoot.querySelector('[part~="article"]').hidden,
    };
    const same = () => {
      const now = walk();
      return story.innerHTML === html && now.length === nodes.length && now.every((n, i) => n === nodes[i] && n.nodeValue === data[i]);
    };
    el.clear();
    const afterClear = same();
    const again = new Promise((ok) => el.addEventListener("annotated", ok, { once: true }));
    el.update();
    await again;
    const reMarked = story.querySelectorAll("article-annotator-mark").length;
    el.remove();
    const afterRemove = same();
    return { during, afterClear, reMarked, afterRemove, adopted: document.adoptedStyleSheets.length };
  });
  assert.ok(r.during.marks > 0, "the host article is highlighted");
  assert.ok(r.during.text, "its textContent is unchanged while highlighted");
  assert.equal(r.during.script, "Joe Biden in a script is not text");
  assert.equal(r.during.outsideMarks, 0, "nothing outside the article is touched");
  assert.ok(r.during.sameChildren);
  assert.ok(Number(r.during.legend) > 0, "the element's own legend counts the host's people");
  assert.equal(r.during.articleHidden, true);
  assert.ok(r.afterClear, "clear() restores every node and character exactly");
  assert.equal(r.reMarked, r.during.marks, "update() highlights again");
  assert.ok(r.afterRemove, "removing the element restores exactly");
  assert.equal(r.adopted, 0, "and takes its document stylesheet away");
  assert.deepEqual(errors, []);
  await context.close();
});

test("in-place mode with the element inside the article it annotates", async () => {
  const { page, errors, context } = await host();
  const r = await page.evaluate(async () => {
    const story = document.createElement("article");
    story.id = "inside";
    const p = document.createElement("p");
    p.append("Prime Minister Mette Frederiksen met President Emmanuel Macron in Paris on Monday.");
    const el = document.createElement("article-annotator");
    el.setAttribute("for", "inside");
    story.append(p, el);
    document.querySelector("#slot").replaceChildren(story);
    const text = p.firstChild;
    await new Promise((ok) => el.addEventListener("annotated", ok, { once: true }));
    const marks = story.querySelectorAll("article-annotator-mark").length;
    const own = el.querySelectorAll("article-annotator-mark").length;
    el.clear();
    return { marks, own, restored: p.firstChild === text && p.childNodes.length === 1 };
  });
  assert.ok(r.marks > 0);
  assert.equal(r.own, 0, "the element's own subtree is not annotated");
  assert.ok(r.restored);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the embed page: both modes, strict host CSP, one wasm fetch, restore on clear", async () => {
  // The article as the host serves it, with no script run.
  const plain = await env.browser.newContext({ javaScriptEnabled: false });
  const raw = await plain.newPage();
  await raw.goto(`${env.url}embed.html`);
  const original = await raw.locator("#story").innerHTML();
  const wireText = (await raw.locator("#wire").textContent()).trim();
  await plain.close();

  const { page, errors, context } = await env.newPage({ viewport: { width: 1280, height: 1100 } });
  const wasm = [];
  page.on("request", (r) => r.url().endsWith(".wasm") && wasm.push(r.url()));
  await page.goto(`${env.url}embed.html`);
  await page.waitForFunction(() => document.querySelector("#story-annotator").annotations && document.querySelector("#wire").annotations, null, { timeout: 15_000 });
  assert.equal(wasm.length, 1, "the wasm is fetched once for two elements");
  const state = await page.evaluate(() => {
    const story = document.querySelector("#story");
    const wire = document.querySelector("#wire");
    return {
      storyMarks: story.querySelectorAll("article-annotator-mark").length,
      storyQuotes: story.querySelectorAll("article-annotator-mark.aa-q").length,
      wireText: wire.shadowRoot.querySelector('[part~="article"]').textContent,
      wireMarks: wire.shadowRoot.querySelectorAll("article-annotator-mark").length,
      property: wire.text,
    };
  });
  assert.ok(state.storyMarks > 0, "mode (b) highlights the host article");
  assert.equal(state.wireText, wireText, "mode (a) shows its light-DOM text exactly (dedented)");
  assert.equal(state.property, wireText);
  assert.ok(state.wireMarks > 0, "and highlights it");
  await shot(page, "embed");
  // Hover a highlight in the host article: the element's tooltip names it.
  await page.locator("#story article-annotator-mark.aa-ent").first().hover();
  assert.ok(await page.evaluate(() => document.querySelector("#story-annotator").shadowRoot.querySelector('[part~="tooltip"]').matches(":popover-open")));
  await shot(page, "embed-tooltip");

  await page.click("#toggle");
  assert.equal(await page.locator("#story").innerHTML(), original, "clear() gives back the host's article byte for byte");
  await page.click("#toggle");
  await page.waitForFunction(() => document.querySelectorAll("#story article-annotator-mark").length > 0);

  // Loading the script again (another URL, so another module instance) changes nothing.
  await page.evaluate(() => import("/define.js?again"));
  assert.equal(await page.evaluate(() => document.querySelectorAll("#story article-annotator-mark").length), state.storyMarks);
  assert.deepEqual(await page.evaluate(() => window.__violations), [], "no CSP or Trusted Types violation");
  assert.deepEqual(errors, []);

  const phone = await env.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await phone.page.goto(`${env.url}embed.html`);
  await phone.page.waitForFunction(() => document.querySelector("#story-annotator").annotations);
  await shot(phone.page, "embed-phone", { fullPage: true });
  await phone.context.close();
  await context.close();
});

test("the embed page under a host CSP without 'wasm-unsafe-eval': contained message, host page intact", async () => {
  const { page, context } = await env.newPage();
  await page.goto(`${env.url}nowasm/embed.html`);
  await page.waitForFunction(() => ["#story-annotator", "#wire"].every((s) =>
    document.querySelector(s)?.shadowRoot?.querySelector('[part~="status"]')?.textContent), null, { timeout: 15_000 });
  const r = await page.evaluate(() => ({
    status: document.querySelector("#story-annotator").shadowRoot.querySelector('[part~="status"]').textContent,
    marks: document.querySelectorAll("article-annotator-mark").length,
    story: document.querySelector("#story").textContent.includes("Valencia city council"),
    wire: document.querySelector("#wire").shadowRoot.querySelector('[part~="article"]').textContent.startsWith("LISBON"),
  }));
  assert.match(r.status, /WebAssembly/);
  assert.equal(r.marks, 0);
  assert.ok(r.story && r.wire, "both texts stay readable");
  await shot(page, "embed-no-wasm");
  await context.close();
});

test("the minified build (www/dist/) works the same, under a strict policy", async () => {
  const { page, errors, context } = await env.newPage();
  const wasm = [];
  page.on("request", (r) => r.url().endsWith(".wasm") && wasm.push(new URL(r.url()).pathname));
  await page.goto(`${env.url}__fixtures__/dist.html`);
  await page.waitForFunction(() => ["#inplace", "#own"].every((s) => document.querySelector(s).annotations), null, { timeout: 15_000 });
  const r = await page.evaluate(() => ({
    story: document.querySelectorAll("#story article-annotator-mark").length,
    own: document.querySelector("#own").shadowRoot.querySelectorAll("article-annotator-mark").length,
    text: document.querySelector("#own").shadowRoot.querySelector('[part~="article"]').textContent,
  }));
  assert.ok(r.story > 0 && r.own > 0);
  assert.equal(r.text, "Prime Minister Mette Frederiksen spoke in Copenhagen on Tuesday.");
  assert.deepEqual(wasm, ["/dist/pkg/article_annotator_bg.wasm"]);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(errors, []);
  await context.close();
});
