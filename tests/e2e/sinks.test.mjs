// Text reaches the DOM only as text: no file in www/ (outside the generated
// www/pkg/ and www/dist/) may use an HTML-string sink or a string-to-code sink.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { WWW } from "./helpers.mjs";

const SINKS = [
  ["innerHTML", /\binnerHTML\b/],
  ["outerHTML", /\bouterHTML\b/],
  ["insertAdjacentHTML", /\binsertAdjacentHTML\b/],
  ["document.write", /\bdocument\s*\.\s*write(ln)?\b/],
  ["DOMParser", /\bDOMParser\b/],
  ["createContextualFragment", /\bcreateContextualFragment\b/],
  ["setHTMLUnsafe", /\bsetHTMLUnsafe\b/],
  ["parseHTMLUnsafe", /\bparseHTMLUnsafe\b/],
  ["srcdoc", /\bsrcdoc\b/i],
  ["eval", /\beval\s*\(/],
  ["new Function", /\bnew\s+Function\b|\bFunction\s*\(/],
  ["string setTimeout/setInterval", /\bset(Timeout|Interval)\s*\(\s*["'`]/],
  ["javascript: URL", /javascript:/i],
  ["inline event handler", /<[^>]+\son[a-z]+\s*=/i],
  ["inline script", /<script(?![^>]*\bsrc=)[^>]*>/i],
  ["inline style", /<style\b|\sstyle\s*=\s*["']/i],
];

function files(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!["pkg", "dist"].includes(relative(WWW, path))) out.push(...files(path));
    } else if (/\.(m?js|html|css|svg)$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** Strips comments so that prose about the forbidden names does not count. */
function code(text, path) {
  if (path.endsWith(".html") || path.endsWith(".svg")) return text.replace(/<!--[\s\S]*?-->/g, "");
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

function check(path) {
  const text = code(readFileSync(path, "utf8"), path);
  return SINKS.filter(([, re]) => re.test(text)).map(([name]) => `${relative(WWW, path)}: ${name}`);
}

test("www/ has files to scan", () => {
  const found = files(WWW).map((p) => relative(WWW, p));
  for (const f of ["index.html", "embed.html", "article-annotator.js", "render.js", "engine.js", "app.js"]) assert.ok(found.includes(f), f);
});

test("no HTML-string or code-string sink in www/ (outside www/pkg and www/dist)", () => {
  assert.deepEqual(files(WWW).flatMap(check), []);
});

test("the scanner finds each sink (positive control)", () => {
  const samples = [
    "el.innerHTML = x", "el.outerHTML = x", "el.insertAdjacentHTML('beforeend', x)", "document.write(x)",
    "new DOMParser()", "range.createContextualFragment(x)", "el.setHTMLUnsafe(x)", "Document.parseHTMLUnsafe(x)",
    "frame.srcdoc = x", "eval(x)", "new Function(x)", "setTimeout('alert(1)', 1)", "a.href = 'javascript:alert(1)'",
    "<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "<div style='color:red'>",
  ];
  samples.forEach((s, i) => assert.ok(SINKS[i][1].test(s), `${SINKS[i][0]} not found in ${s}`));
});

test("the generated JS glue has no eval or Function(", () => {
  let glue;
  try {
    glue = readFileSync(join(WWW, "pkg", "article_annotator.js"), "utf8");
  } catch {
    return assert.fail("www/pkg/article_annotator.js missing: run scripts/build.sh");
  }
  assert.doesNotMatch(glue, /\beval\s*\(|\bnew\s+Function\b|\bFunction\s*\(/);
});
