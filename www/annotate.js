// The raw API, without any element: annotate a text, or export its annotation in
// one of the standard formats. The package's "./annotate" entry point.
//
//   import { annotate, export as exportAs } from "article-annotator/annotate";
//   const result = await annotate(text, { lexicon });
//   const csv = await exportAs(text, "csv-quotes");
//
// It shares the page's one compiled WebAssembly module with every
// <article-annotator> element (engine.js), fetched from next to this file.
import { EngineError, annotate as run, exportAs, load, maxInputLength } from "./engine.js";

export { EngineError, maxInputLength };

/** The export formats of `export` (docs/exports.md); "csv" is "csv-entities". */
export const FORMATS = Object.freeze(["json", "w3c", "displacy", "csv", "csv-entities", "csv-quotes", "html"]);

/**
 * Fetches and compiles the WebAssembly now (otherwise the first call does it);
 * resolves to {version, maxInputLength}. Calling it again costs nothing.
 */
export async function init() {
  const ns = await load();
  return { version: ns.version(), maxInputLength: ns.maxInputLength() };
}

/**
 * Annotates `text`; resolves to the result (offsets in UTF-16 units, so
 * `text.slice(m.start, m.end)` is a mention). `options`: {lexicon, model}.
 */
export function annotate(text, options) {
  return run(String(text), options);
}

/** Renders the annotation of `text` as `format` (FORMATS); resolves to a string. */
function exportText(text, format = "json", options) {
  return exportAs(String(text), String(format), options);
}

export { exportText as export };
