// Loads www/bench.html and prints its numbers, with the shipped sizes. Benchmarks,
// not timed assertions: the numbers depend on the machine and its load.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { WWW, setup, shot } from "./helpers.mjs";

let env;
before(async () => {
  env = await setup();
});
after(() => env?.close());

const gz = (files) => gzipSync(Buffer.concat(files.map((f) => readFileSync(join(WWW, f)))), { level: 9 }).length;

test("sizes: .wasm and the JS shell, gzipped", () => {
  const wasm = gz(["pkg/article_annotator_bg.wasm"]);
  const shell = ["define.js", "article-annotator.js", "render.js", "engine.js", "styles.js", "pkg/article_annotator.js"];
  const dist = gz(shell.map((f) => `dist/${f}`));
  console.log(`# wasm: ${readFileSync(join(WWW, "pkg/article_annotator_bg.wasm")).length} bytes, ${wasm} gzipped (target ≤ 250 KB)`);
  console.log(`# JS shell as deployed, www/dist/ minified (${shell.join(" ")}): ${dist} bytes gzipped (target ≤ 15 KB)`);
  console.log(`# JS shell as written, www/*.js with comments: ${gz(shell)} bytes gzipped; worker.js ${gz(["dist/worker.js"])} minified; page app.js ${gz(["app.js"])}`);
  assert.ok(wasm > 0 && dist > 0);
});

test("benchmark page runs and reports its numbers", async () => {
  const { page, errors, context } = await env.newPage();
  await page.goto(`${env.url}bench.html?run`);
  await page.waitForSelector("#results[data-done]", { state: "attached", timeout: 120_000 });
  const r = JSON.parse(await page.textContent("#results"));
  console.log(`# navigation to annotated sample: ${r.navigationMs.toFixed(0)} ms (median; runs ${r.navigationRunsMs.map((x) => x.toFixed(0)).join(", ")}; target ≤ 150)`);
  console.log(`#   of which DOMContentLoaded ${r.navigationDclMs.toFixed(0)} ms, first annotation (wasm compile + instantiate + core set-up + annotate) ${r.navigationAnnotateMs.toFixed(0)} ms, first render ${r.navigationRenderMs.toFixed(0)} ms (medians)`);
  console.log(`# annotate 3 KB: ${r.annotate3kbMs.toFixed(3)} ms (median of ${r.annotate3kbRuns}; target < 1)`);
  console.log(`# re-render sample: ${r.renderMs.toFixed(2)} ms (DOM only; target < 16); text change to next frame ${r.updateToFrameMs.toFixed(1)} ms`);
  console.log(`# 1 MB: ${r.bigMs.toFixed(0)} ms for ${r.bigBytes} bytes = ${r.mbPerSecond.toFixed(2)} MB/s (target ≥ 10)`);
  console.log(`# ${r.version}; ${r.userAgent}`);
  assert.ok(r.navigationMs > 0 && r.annotate3kbMs > 0 && r.mbPerSecond > 0);
  await shot(page, "bench");
  assert.deepEqual(errors, []);
  await context.close();
});
