// Browser benchmarks: navigation to the annotated sample, annotation per 3 KB,
// re-rendering, and throughput on 1 MB. `bench.html?run` starts by itself; the
// numbers are also written as JSON into #results for the browser test to print.
import "./define.js";
import { callLocal, load } from "./engine.js";

const $ = (id) => document.getElementById(id);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function row(what, result, target) {
  const tr = document.createElement("tr");
  for (const cell of [what, result, target]) {
    const td = document.createElement("td");
    td.textContent = cell;
    tr.append(td);
  }
  $("rows").append(tr);
}

/** Opens index.html in a hidden frame and reads when it showed the sample annotated. */
function navigation() {
  return new Promise((resolve, reject) => {
    const frame = document.createElement("iframe");
    frame.src = `index.html?bench=${Math.random()}`;
    const t = setTimeout(() => reject(new Error("navigation timed out")), 20_000);
    const poll = () => {
      const perf = frame.contentWindow?.performance;
      const mark = perf?.getEntriesByName("article-annotator:first-annotated")[0];
      if (mark) {
        clearTimeout(t);
        const nav = perf.getEntriesByType("navigation")[0];
        const timing = frame.contentDocument.querySelector("#view").timing;
        frame.remove();
        resolve({ ms: mark.startTime, dcl: nav.domContentLoadedEventEnd, annotate: timing.annotateMs, render: timing.renderMs });
      } else setTimeout(poll, 5);
    };
    frame.addEventListener("load", poll, { once: true });
    $("frames").append(frame);
  });
}

function timeCalls(fn, minMs = 1000, minRuns = 20) {
  const times = [];
  const start = performance.now();
  while (times.length < minRuns || performance.now() - start < minMs) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times;
}

async function run() {
  $("run").disabled = true;
  $("rows").replaceChildren();
  const out = {};
  const say = (s) => ($("state").textContent = s);

  say("navigation…");
  const navs = [];
  for (let i = 0; i < 5; i++) navs.push(await navigation());
  out.navigationMs = median(navs.map((n) => n.ms));
  out.navigationRunsMs = navs.map((n) => n.ms);
  out.navigationDclMs = median(navs.map((n) => n.dcl));
  out.navigationAnnotateMs = median(navs.map((n) => n.annotate));
  out.navigationRenderMs = median(navs.map((n) => n.render));
  row("Navigation to the sample shown annotated (median of 5, page not cached)", `${out.navigationMs.toFixed(0)} ms`, "≤ 150 ms");
  row("… of which: until DOMContentLoaded (HTML, modules and their top-level awaits)", `${out.navigationDclMs.toFixed(0)} ms`, "");
  row("… first annotation: wasm compile, instantiate, core set-up, annotate", `${out.navigationAnnotateMs.toFixed(0)} ms`, "");
  row("… first render", `${out.navigationRenderMs.toFixed(0)} ms`, "");

  say("3 KB…");
  const sample = await (await fetch("sample.txt")).text();
  await load();
  const three = sample.slice(0, 3000);
  for (let i = 0; i < 20; i++) await callLocal("annotate", three);
  const ns = await load();
  const per = timeCalls(() => ns.annotate(three));
  out.annotate3kbMs = median(per);
  out.annotate3kbRuns = per.length;
  row(`Annotate a 3 KB article (median of ${per.length})`, `${out.annotate3kbMs.toFixed(2)} ms`, "< 1 ms");

  say("re-render…");
  const el = document.createElement("article-annotator");
  el.style.setProperty("--article-annotator-article-max-height", "400px");
  document.querySelector("main").append(el);
  const renders = [];
  const updates = [];
  for (let i = 0; i < 40; i++) {
    const done = new Promise((ok) => el.addEventListener("annotated", ok, { once: true }));
    const t0 = performance.now();
    el.text = i % 2 ? sample : sample + " ";
    await done;
    await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
    if (i >= 4) {
      renders.push(el.timing.renderMs);
      updates.push(performance.now() - t0);
    }
  }
  out.renderMs = median(renders);
  out.updateToFrameMs = median(updates);
  row("Re-render the annotated sample (DOM only, median of 36)", `${out.renderMs.toFixed(2)} ms`, "< 16 ms");
  row("Text change to next frame (annotate + render + layout)", `${out.updateToFrameMs.toFixed(1)} ms`, "");
  el.remove();

  say("1 MB…");
  let big = "";
  for (let i = 0; big.length < 1_000_000; i++) big += sample.replaceAll("Gdańsk", i % 2 ? "Gdynia" : "Gdańsk") + "\n\n";
  const bytes = new TextEncoder().encode(big).length;
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    ns.annotate(big);
    runs.push(performance.now() - t0);
  }
  out.bigBytes = bytes;
  out.bigMs = median(runs);
  out.mbPerSecond = bytes / 1e6 / (out.bigMs / 1000);
  row(`Annotate ${(bytes / 1e6).toFixed(2)} MB (median of 3)`, `${out.bigMs.toFixed(0)} ms = ${out.mbPerSecond.toFixed(2)} MB/s`, "≥ 10 MB/s");
  out.version = ns.version();
  out.userAgent = navigator.userAgent;

  $("results").textContent = JSON.stringify(out);
  $("results").dataset.done = "true";
  say(`done (${out.version})`);
  $("run").disabled = false;
}

$("run").addEventListener("click", run);
if (new URLSearchParams(location.search).has("run")) run();
