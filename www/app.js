// The paste-and-annotate page: a text box feeding an <article-annotator>,
// file drop, a site lexicon, and export in six formats. All analysis and all
// formatting happen in the element's WebAssembly (view.export(format)).
import "./define.js";
import { maxInputLength } from "./engine.js";

const $ = (id) => document.getElementById(id);
const input = $("input");
const view = $("view");
const note = $("note");
const count = $("count");
const fileInput = $("file");
const dropzone = $("dropzone");
const copyButton = $("copy");
const downloadButton = $("download");
const formatSelect = $("format");
const lexiconButton = $("lexicon");
const lexiconOff = $("lexicon-off");
const lexiconFile = $("lexicon-file");
const lexiconNote = $("lexicon-note");

/** Per export format: file name and media type. The content comes from the core. */
const FORMATS = new Map([
  ["json", { file: "article-annotations.json", type: "application/json" }],
  ["w3c", { file: "article-annotations.jsonld", type: "application/ld+json" }],
  ["displacy", { file: "article-displacy.json", type: "application/json" }],
  ["csv", { file: "article-entities.csv", type: "text/csv" }],
  ["csv-quotes", { file: "article-quotes.csv", type: "text/csv" }],
  ["html", { file: "article-annotated.html", type: "text/html" }],
]);

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
view.addEventListener("annotation-error", (e) => {
  copyButton.disabled = true;
  downloadButton.disabled = true;
  say(e.detail.code === "lexicon" ? "Fix the site lexicon, or choose “No lexicon”." : "");
});

// A site lexicon (docs/exports.md) read from a .json file: its names win over the built-in ones.
lexiconButton.addEventListener("click", () => lexiconFile.click());
lexiconFile.addEventListener("change", async () => {
  const file = lexiconFile.files?.[0];
  lexiconFile.value = "";
  if (!file) return;
  let text;
  try {
    text = await file.text();
  } catch {
    lexiconNote.textContent = `“${file.name}” could not be read.`;
    return;
  }
  view.lexicon = text;
  lexiconNote.textContent = `Site lexicon: ${file.name}.`;
  lexiconOff.hidden = false;
});
lexiconOff.addEventListener("click", () => {
  view.lexicon = null;
  lexiconNote.textContent = "No site lexicon.";
  lexiconOff.hidden = true;
  lexiconButton.focus();
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

/** The annotation in the chosen format, from the element (JSON pretty-printed when not huge). */
async function render() {
  const format = FORMATS.has(formatSelect.value) ? formatSelect.value : "json";
  let out = await view.export(format);
  if ((format === "json" || format === "w3c" || format === "displacy") && out.length < 2_000_000) out = JSON.stringify(JSON.parse(out), null, 2);
  return { out, format, ...FORMATS.get(format) };
}

const size = (s) => (s.length < 1e6 ? `${(s.length / 1e3).toFixed(1)} KB` : `${(s.length / 1e6).toFixed(1)} MB`);
const label = () => formatSelect.selectedOptions[0]?.textContent ?? "";

copyButton.addEventListener("click", async () => {
  try {
    const { out } = await render();
    await navigator.clipboard.writeText(out);
    say(`Copied ${size(out)} of ${label()} to the clipboard.`);
  } catch (e) {
    say(`Could not copy (${e?.message ?? e}); use Download instead.`);
  }
});

downloadButton.addEventListener("click", async () => {
  try {
    const { out, file, type } = await render();
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([out], { type: `${type};charset=utf-8` }));
    a.download = file;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    say(`Downloaded ${file} (${size(out)}).`);
  } catch (e) {
    say(`Could not export (${e?.message ?? e}).`);
  }
});

// Open on the sample article, unless something was typed meanwhile.
const text = await sample;
if (!input.value) input.value = text;
apply();
