// Runs each pathological case (tests/hostile/pathological.json) at its two browser
// sizes; writes {cases: [{name, sizes: [{n, units, wasmMs, elementMs, mentions}]}]}
// as JSON into #results (data-done set) for tests/e2e/security-bench.test.mjs.
import "/define.js";
import { callLocal, load } from "/engine.js";

const $ = (id) => document.getElementById(id);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function cell(tr, value) {
  const td = document.createElement("td");
  td.textContent = value;
  tr.append(td);
}

async function element(text) {
  const el = document.createElement("article-annotator");
  el.setAttribute("panels", "none");
  const done = new Promise((ok, fail) => {
    el.addEventListener("annotated", ok, { once: true });
    el.addEventListener("annotation-error", (e) => fail(new Error(e.detail.message)), { once: true });
  });
  const t0 = performance.now();
  el.text = text;
  $("slot").replaceChildren(el);
  await done;
  const ms = performance.now() - t0;
  const timing = el.timing;
  $("slot").replaceChildren();
  return { ms, timing };
}

async function run() {
  const spec = await (await fetch("/__hostile__/pathological.json")).json();
  await load();
  // Texts over 65,536 units go to a Worker: start it before timing anything,
  // so no case pays its start-up (seen as a x9 "ratio" on the first large case).
  await element("Warm up. ".repeat(8_000));
  const only = new URLSearchParams(location.search).get("case");
  const out = { cases: [] };
  for (const c of spec.cases) {
    if (only && c.name !== only) continue;
    const sizes = [];
    for (const n of c.browser) {
      const text = c.open.repeat(n) + c.close.repeat(n);
      const times = [];
      let mentions = 0;
      for (let k = 0; k < 3; k++) {
        const t0 = performance.now();
        const r = await callLocal("annotate", text);
        times.push(performance.now() - t0);
        mentions = r.mentions.length;
      }
      // The element three times too: its Worker's code, like the main thread's,
      // runs faster once the engine has optimised it.
      const runs = [];
      for (let k = 0; k < 3; k++) runs.push(await element(text));
      const el = runs.sort((a, b) => a.ms - b.ms)[1];
      const s = { n, units: text.length, wasmMs: median(times), elementMs: el.ms, annotateMs: el.timing?.annotateMs, renderMs: el.timing?.renderMs, mentions };
      sizes.push(s);
      const tr = document.createElement("tr");
      for (const v of [c.name, s.units, s.wasmMs.toFixed(1), s.elementMs.toFixed(0)]) cell(tr, v);
      $("rows").append(tr);
    }
    out.cases.push({ name: c.name, what: c.what, sizes });
  }
  $("results").textContent = JSON.stringify(out);
  $("results").dataset.done = "";
}

if (new URLSearchParams(location.search).has("run")) {
  run().catch((e) => {
    $("results").textContent = JSON.stringify({ error: String(e?.message ?? e) });
    $("results").dataset.done = "";
  });
}
