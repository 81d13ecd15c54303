// The npm package: scripts/pack.sh makes the tarball, `npm install --offline` puts it in
// a scratch project, and pages on one origin use it from a second origin (CORS, the
// .wasm resolved next to the modules, not the page). Also: the exports map resolves in
// Node, importing "." registers nothing, and the hand-written .d.ts files type-check
// a consumer (and reject a wrong one).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startServer } from "../../scripts/serve.mjs";
import { ROOT, shot } from "./helpers.mjs";

let scratch; // the consumer project: package.json + node_modules/article-annotator
let site; // origin A's files
let pkgServer; // origin B: scratch/node_modules
let siteServer; // origin A
let browser;
let tarball;

const ARTICLE = "Prime Minister Mette Frederiksen met President Emmanuel Macron in Copenhagen on Tuesday. “We agree on the plan,” Macron said.";

before(async () => {
  execFileSync("bash", ["scripts/pack.sh"], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  tarball = readdirSync(join(ROOT, "target", "npm")).find((f) => /^article-annotator-.*\.tgz$/.test(f));
  scratch = mkdtempSync(join(tmpdir(), "aa-consumer-"));
  writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", join(ROOT, "target", "npm", tarball)], { cwd: scratch, stdio: "pipe" });

  pkgServer = await startServer({ root: join(scratch, "node_modules") });
  const B = pkgServer.url.replace(/\/$/, "");
  const base = `${B}/article-annotator/`;
  // An import map built from the installed package's exports map, as a bundler would resolve it.
  const { exports } = JSON.parse(readFileSync(join(scratch, "node_modules", "article-annotator", "package.json"), "utf8"));
  const imports = {};
  for (const [key, target] of Object.entries(exports)) {
    if (typeof target === "object") imports[key === "." ? "article-annotator" : `article-annotator/${key.slice(2)}`] = new URL(target.default, base).href;
  }
  const importmap = JSON.stringify({ imports });
  const hash = createHash("sha256").update(importmap).digest("base64");
  const csp = [
    "default-src 'self'", `script-src 'self' 'sha256-${hash}' ${B} 'wasm-unsafe-eval'`, `connect-src 'self' ${B}`,
    "style-src 'self'", "img-src 'self' data:", "require-trusted-types-for 'script'", "trusted-types 'none'",
  ].join("; ");

  site = mkdtempSync(join(tmpdir(), "aa-site-"));
  const page = (title, script, body) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,">
<script type="importmap">${importmap}</script>
<script type="module" src="${script}"></script></head>
<body><main>${body}</main></body></html>`;
  writeFileSync(join(site, "define.html"), page("define", "define-page.js",
    `<h1>From the package</h1><article-annotator id="own">${ARTICLE}</article-annotator>`));
  writeFileSync(join(site, "define-page.js"), `import "article-annotator/define";\n`);
  writeFileSync(join(site, "raw.html"), page("raw API", "raw-page.js",
    `<h1>Raw API</h1><p id="version"></p><ul id="mentions"></ul><p id="csv-lines"></p><news-annotator id="custom" panels="none"></news-annotator>`));
  writeFileSync(join(site, "raw-page.js"), `
import { ArticleAnnotator } from "article-annotator";
import { init, annotate, export as exportAs } from "article-annotator/annotate";
window.__registeredByImport = customElements.get("article-annotator") !== undefined;
ArticleAnnotator.define("news-annotator");
const { version } = await init();
document.querySelector("#version").textContent = version;
const text = ${JSON.stringify(ARTICLE)} + " Adaeze Okonkwo, a port official, agreed. Okonkwo said so.";
const lexicon = { entries: [{ name: "Adaeze Okonkwo", type: "PERSON", aliases: ["Okonkwo"] }] };
const result = await annotate(text, { lexicon });
for (const m of result.mentions) {
  const li = document.createElement("li");
  li.textContent = m.type + " " + text.slice(m.start, m.end) + " → " + result.entities[m.cluster].name;
  document.querySelector("#mentions").append(li);
}
const csv = await exportAs(text, "csv", { lexicon });
document.querySelector("#csv-lines").textContent = String(csv.trim().split("\\r\\n").length);
const long = (text + "\\n\\n").repeat(Math.ceil(70000 / text.length));
window.__long = (await annotate(long)).mentions.length;
document.querySelector("#custom").text = text;
window.__result = result;
`);
  siteServer = await startServer({ root: site, headers: (path) => (path.endsWith(".html") ? { "content-security-policy": csp } : {}) });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", headless: true, args: ["--headless", "--no-sandbox", "--disable-gpu"] });
});

after(async () => {
  await browser?.close();
  for (const s of [pkgServer, siteServer]) if (s) await new Promise((ok) => s.server.close(ok));
  for (const d of [scratch, site]) if (d) rmSync(d, { recursive: true, force: true });
});

async function open(path) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const wasm = [];
  page.on("response", (r) => r.url().endsWith(".wasm") && wasm.push({ url: r.url(), type: r.headers()["content-type"], cors: r.headers()["access-control-allow-origin"] }));
  await page.goto(`${siteServer.url}${path}`);
  return { context, page, errors, wasm };
}

test("the tarball: name, version from Cargo.toml, entry points with types, side effects, files", () => {
  const version = readFileSync(join(ROOT, "Cargo.toml"), "utf8").match(/^version = "(.*)"$/m)[1];
  assert.equal(tarball, `article-annotator-${version}.tgz`);
  const dir = join(scratch, "node_modules", "article-annotator");
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  assert.equal(pkg.name, "article-annotator");
  assert.equal(pkg.version, version);
  assert.equal(pkg.type, "module");
  assert.equal(pkg.license, "MIT");
  assert.deepEqual(Object.keys(pkg.dependencies ?? {}), []);
  assert.deepEqual(pkg.sideEffects, ["./define.js"]);
  for (const key of [".", "./define", "./annotate"]) {
    const { types, default: file } = pkg.exports[key];
    for (const f of [types, file]) assert.ok(readFileSync(join(dir, f)).length > 0, `${key}: ${f}`);
  }
  for (const f of pkg.files) assert.ok(readFileSync(join(dir, f)).length > 0, f);
  assert.ok(readFileSync(join(dir, "LICENSE"), "utf8").startsWith("MIT License"));
  const size = readFileSync(join(ROOT, "target", "npm", tarball)).length;
  console.log(`# ${tarball}: ${size} bytes`);
});

test("Node resolves the exports map, and importing the class or the API has no side effect", () => {
  const script = `
    const r = (s) => import.meta.resolve(s).replace(/^.*node_modules\\//, "");
    console.log(JSON.stringify([r("article-annotator"), r("article-annotator/define"), r("article-annotator/annotate")]));
    const { ArticleAnnotator } = await import("article-annotator");
    const api = await import("article-annotator/annotate");
    const def = await import("article-annotator/define");
    console.log(JSON.stringify([typeof ArticleAnnotator.define, typeof api.annotate, typeof api.export, typeof api.init, def.ArticleAnnotator === ArticleAnnotator, ArticleAnnotator.define() ?? null]));
  `;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: scratch, encoding: "utf8" }).trim().split("\n");
  assert.deepEqual(JSON.parse(out[0]), ["article-annotator/article-annotator.js", "article-annotator/define.js", "article-annotator/annotate.js"]);
  assert.deepEqual(JSON.parse(out[1]), ["function", "function", "function", "function", true, null]);
  assert.throws(() => execFileSync(process.execPath, ["--input-type=module", "-e", 'await import("article-annotator/engine.js")'], { cwd: scratch, stdio: "pipe" }),
    /ERR_PACKAGE_PATH_NOT_EXPORTED/, "internal modules are not entry points");
});

test("the TypeScript declarations type-check a consumer and reject misuse", () => {
  const tsc = join(ROOT, "node_modules", ".bin", "tsc");
  const flags = ["--noEmit", "--strict", "--target", "es2022", "--module", "nodenext", "--moduleResolution", "nodenext", "--lib", "es2022,dom", "--skipLibCheck", "false"];
  mkdirSync(join(scratch, "ts"), { recursive: true });
  writeFileSync(join(scratch, "ts", "good.ts"), `
import { ArticleAnnotator, type AnnotationResult, type Mention } from "article-annotator";
import "article-annotator/define";
import { annotate, export as exportAs, init, FORMATS, EngineError, type SiteLexicon } from "article-annotator/annotate";

const lexicon: SiteLexicon = { version: 1, entries: [{ name: "Adaeze Okonkwo", type: "person", aliases: ["Okonkwo"], _note: "ok" }] };
async function main(text: string): Promise<number> {
  const { version, maxInputLength } = await init();
  const r: AnnotationResult = await annotate(text, { lexicon, model: true });
  const first: Mention | undefined = r.mentions[0];
  const title: number | undefined = first?.title_of;
  for (const q of r.quotes) {
    const who: string | null = q.speaker_name;
    const cue = q.cue_span ? text.slice(q.cue_span.start, q.cue_span.end) : null;
    void who; void cue;
  }
  const csv: string = await exportAs(text, "csv-quotes");
  const el = document.querySelector("article-annotator");
  if (el) {
    el.lexicon = "[]";
    el.addEventListener("annotated", (e) => console.log(e.detail.entities.length));
    el.addEventListener("annotation-error", (e) => console.log(e.detail.code, e.detail.line, e.detail.field));
    const w3c: string = await el.export("w3c");
    el.nextHighlight();
    void w3c;
  }
  const made = document.createElement("article-annotator");
  made.htmlFor = "story";
  ArticleAnnotator.define("news-annotator");
  try { await annotate(text); } catch (e) { if (e instanceof EngineError) console.log(e.code, e.line); }
  return version.length + maxInputLength + csv.length + FORMATS.length + (title ?? 0) + r.unit.length;
}
void main;
`);
  writeFileSync(join(scratch, "ts", "bad.ts"), `
import { annotate } from "article-annotator/annotate";
async function f() {
  const r = await annotate("x", { lexicon: { entries: [{ name: "A", type: "PLACE" }] } });
  const label: string = r.mentions[0].label;
  const kind: "said" = r.quotes[0].kind;
  await annotate("x", { model: "no" });
  document.querySelector("article-annotator")?.export("xml");
  return [label, kind];
}
void f;
`);
  const good = spawnSync(tsc, [...flags, "ts/good.ts"], { cwd: scratch, encoding: "utf8" });
  assert.equal(good.status, 0, good.stdout + good.stderr);
  const bad = spawnSync(tsc, [...flags, "ts/bad.ts"], { cwd: scratch, encoding: "utf8" });
  assert.notEqual(bad.status, 0);
  const errors = bad.stdout.match(/error TS\d+/g) ?? [];
  assert.equal(errors.length, 5, `five misuses caught:\n${bad.stdout}`);
});

test("a page imports define from another origin: annotated, .wasm fetched next to the modules, strict CSP", async () => {
  const { context, page, errors, wasm } = await open("define.html");
  await page.waitForFunction(() => document.querySelector("#own")?.annotations, null, { timeout: 15_000 });
  const r = await page.evaluate(() => {
    const el = document.querySelector("#own");
    return {
      text: el.shadowRoot.querySelector('[part~="article"]').textContent,
      marks: [...el.shadowRoot.querySelectorAll("article-annotator-mark.aa-ent")].map((m) => m.textContent),
      names: el.annotations.entities.map((e) => `${e.type} ${e.name}`),
    };
  });
  assert.equal(r.text, ARTICLE);
  assert.ok(r.names.includes("PERSON Mette Frederiksen") && r.names.includes("GPE Copenhagen"), r.names.join(", "));
  assert.ok(r.marks.includes("Copenhagen"));
  assert.deepEqual(wasm, [{ url: `${pkgServer.url}article-annotator/pkg/article_annotator_bg.wasm`, type: "application/wasm", cors: "*" }]);
  assert.ok(!pkgServer.url.startsWith(siteServer.url), "two origins");
  await shot(page, "package-define");
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a page uses the raw annotate API and the side-effect-free class from another origin", async () => {
  const { context, page, errors, wasm } = await open("raw.html");
  await page.waitForFunction(() => window.__result && document.querySelector("#custom").annotations, null, { timeout: 30_000 });
  const r = await page.evaluate(() => ({
    registered: window.__registeredByImport,
    version: document.querySelector("#version").textContent,
    items: [...document.querySelectorAll("#mentions li")].map((li) => li.textContent),
    csvLines: Number(document.querySelector("#csv-lines").textContent),
    entities: window.__result.entities.length,
    long: window.__long,
    custom: document.querySelector("#custom").shadowRoot.querySelectorAll("article-annotator-mark").length,
  }));
  assert.equal(r.registered, false, 'importing "article-annotator" registers nothing');
  assert.match(r.version, /^\d+\.\d+\.\d+/);
  assert.ok(r.items.includes("PERSON Adaeze Okonkwo → Adaeze Okonkwo"), r.items.join(" | "));
  assert.ok(r.items.includes("PERSON Okonkwo → Adaeze Okonkwo"), "the lexicon's alias joins the entity");
  assert.equal(r.csvLines, r.entities + 1, "csv: a header and one row per entity");
  assert.ok(r.long > 0, "a long text is annotated (on the main thread: the Worker cannot come from another origin)");
  assert.ok(r.custom > 0, "the class registered under another tag works");
  assert.equal(wasm.length, 1, "one .wasm fetch for the API and the element");
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(errors, []);
  await context.close();
});
