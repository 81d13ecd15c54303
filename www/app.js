// The paste-and-annotate page: a text box feeding an <article-annotator>,
// file drop, and JSON export. All analysis happens in the element (wasm).
import "./define.js";
import { exportAs, maxInputLength } from "./engine.js";

const $ = (id) => document.getElementById(id);
const input = $("input");
const view = $("view");
const note = $("note");
const count = $("count");
const fileInput = $("file");
const dropzone = $("dropzone");
const copyButton = $("copy");
const downloadButton = $("download");

const sample = fetch(new URL("sample.txt", import.meta.url)).then((r) => (r.ok ? r.text() : "")).catch(() => "");

let timer = 0;
let firstRender = true;

function updateCount() {
  const n = input.value.length;
  const max = maxInputLength();
  count.textContent = n > max
    ? `${n.toLocaleString("en")} characters: over the ${max.toLocaleString("en")} limit`
    : `${n.toLocaleString("en")} characters`;
  count.classList.toggle("over", n > max);
}

/** Hands the text box's text to the element now. */
function apply() {
  clearTimeout(timer);
  view.text = input.value;
  updateCount();
}

/** Debounced: short texts almost at once, long ones after a pause in typing. */
function schedule() {
  clearTimeout(timer);
  const n = input.value.length;
  timer = setTimeout(apply, n > 200_000 ? 450 : n > 20_000 ? 180 : 80);
}

function say(message) {
  note.textContent = message;
}

input.addEventListener("input", () => {
  updateCount();
  schedule();
});

view.addEventListener("annotated", () => {
  copyButton.disabled = false;
  downloadButton.disabled = false;
  const t = view.timing;
  if (t) say(`Annotated ${view.text.length.toLocaleString("en")} characters in ${t.annotateMs.toFixed(1)} ms and drew them in ${t.renderMs.toFixed(1)} ms.`);
  if (firstRender && view.text) {
    firstRender = false;
    performance.mark("article-annotator:first-annotated");
  }
});
view.addEventListener("annotation-error", () => {
  copyButton.disabled = true;
  downloadButton.disabled = true;
  say("");
});

$("sample").addEventListener("click", async () => {
  input.value = await sample;
  apply();
  input.focus();
});
$("clear").addEventListener("click", () => {
  input.value = "";
  apply();
  say("");
  input.focus();
});
$("open").addEventListener("click", () => fileInput.click());
fileInput.addEventListener("change", () => {
  readFile(fileInput.files?.[0]);
  fileInput.value = "";
});

async function readFile(file) {
  if (!file) return;
  const name = file.name ?? "file";
  if (file.type && file.type !== "text/plain" && !name.toLowerCase().endsWith(".txt")) {
    say(`“${name}” is not a plain-text file; only .txt files can be read.`);
    return;
  }
  if (file.size > maxInputLength() * 4) {
    say(`“${name}” is ${(file.size / 1e6).toFixed(1)} MB; the limit is ${maxInputLength().toLocaleString("en")} characters.`);
    return;
  }
  try {
    input.value = await file.text();
  } catch {
    say(`“${name}” could not be read.`);
    return;
  }
  apply();
  say(`Read “${name}”.`);
}

// Dropping a .txt file anywhere on the page reads it in.
let dragDepth = 0;
const hasFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes("Files");
document.addEventListener("dragenter", (e) => {
  if (!hasFiles(e)) return;
  dragDepth++;
  dropzone.hidden = false;
});
document.addEventListener("dragleave", () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (dragDepth === 0) dropzone.hidden = true;
});
document.addEventListener("dragover", (e) => {
  if (hasFiles(e)) e.preventDefault();
});
document.addEventListener("drop", (e) => {
  if (!hasFiles(e)) return;
  e.preventDefault();
  dragDepth = 0;
  dropzone.hidden = true;
  readFile(e.dataTransfer.files[0]);
});

async function json() {
  const text = view.text;
  let out = await exportAs(text, "json");
  if (out.length < 2_000_000) out = JSON.stringify(JSON.parse(out), null, 2);
  return out;
}

const size = (s) => (s.length < 1e6 ? `${(s.length / 1e3).toFixed(1)} KB` : `${(s.length / 1e6).toFixed(1)} MB`);

copyButton.addEventListener("click", async () => {
  try {
    const out = await json();
    await navigator.clipboard.writeText(out);
    say(`Copied ${size(out)} of JSON to the clipboard.`);
  } catch (e) {
    say(`Could not copy (${e?.message ?? e}); use Download instead.`);
  }
});

downloadButton.addEventListener("click", async () => {
  try {
    const out = await json();
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([out], { type: "application/json" }));
    a.download = "article-annotations.json";
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    say(`Downloaded article-annotations.json (${size(out)}).`);
  } catch (e) {
    say(`Could not export (${e?.message ?? e}).`);
  }
});

// Open on the sample article, unless something was typed meanwhile.
const text = await sample;
if (!input.value) input.value = text;
apply();
