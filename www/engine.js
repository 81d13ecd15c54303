// Loads the WebAssembly annotator once per page and runs it.
//
// The .wasm is fetched and compiled once (a module-level promise), however many
// <article-annotator> elements the page has. Texts of WORKER_THRESHOLD UTF-16 units
// or more are annotated in a Web Worker, which gets the already-compiled module by
// postMessage, so the page never freezes. Where a Worker cannot start (another
// origin, a Trusted Types policy) the main thread is used instead.
//
// A trap inside wasm (a Rust panic) leaves a wasm-bindgen instance unusable, so
// after a WebAssembly.RuntimeError the next call builds a fresh instance from the
// same compiled module, through a fresh copy of the JS glue.

const GLUE = new URL("./pkg/article_annotator.js", import.meta.url).href;
const WASM = new URL("./pkg/article_annotator_bg.wasm", import.meta.url);

/** Texts at least this long (UTF-16 units, ~64 KB) are annotated in a Worker. */
const WORKER_THRESHOLD = 65536;
/** Used until the wasm reports its own limit (`maxInputLength()`). */
const DEFAULT_MAX_INPUT = 4_000_000;

/**
 * An error with a `code`: "unavailable", "too-long", "failed" or "lexicon". A "lexicon"
 * error (a malformed site lexicon) also has `line` (1-based, 0 when unknown), `field`
 * (such as "entries[2].type", "" for the file as a whole) and `reason`, from the core.
 */
export class EngineError extends Error {
  constructor(code, message, extra) {
    super(message);
    this.name = "EngineError";
    this.code = code;
    if (extra) Object.assign(this, extra);
  }
}

/**
 * Turns the core's "site lexicon: line 4: entries[2].type: unknown type ..." into a
 * "lexicon" EngineError with `line`, `field` and `reason`; other messages give null.
 */
function lexiconError(message) {
  const m = /^site lexicon: line (\d+): (?:([A-Za-z_$[][\w$.[\]]*): )?([\s\S]*)$/.exec(message);
  if (!m) return null;
  const line = Number(m[1]);
  const field = m[2] ?? "";
  const reason = m[3];
  return new EngineError("lexicon", `The site lexicon was refused: ${message.slice(14)}`, { line, field, reason });
}

/**
 * The JSON text of a site lexicon given as an object or as text (null when absent).
 * Objects are stringified here, on each call, so a changed object is seen.
 */
export function lexiconSource(lexicon) {
  if (lexicon === undefined || lexicon === null) return null;
  if (typeof lexicon === "string") return lexicon;
  if (typeof lexicon === "object") return JSON.stringify(lexicon);
  throw new EngineError("lexicon", "The site lexicon was refused: it must be an object or its JSON text.", { line: 0, field: "", reason: "not an object or a string" });
}

/** The end of every message about the annotator not running. */
const OFF = ", so highlighting is off. The text is shown as is.";

let compiled = null; // Promise<WebAssembly.Module>
let instance = null; // Promise<glue namespace>
let generation = 0;
let maxInput = DEFAULT_MAX_INPUT;

/** Lets a Worker use a module the page already compiled. */
export function useModule(module) {
  compiled = Promise.resolve(module);
}

function compile() {
  compiled ??= (async () => {
    if (typeof WebAssembly !== "object" || typeof WebAssembly.compile !== "function") {
      throw new EngineError("unavailable", `This browser cannot run WebAssembly${OFF}`);
    }
    try {
      const response = await fetch(WASM);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const type = response.headers.get("content-type") ?? "";
      if (WebAssembly.compileStreaming && type.startsWith("application/wasm")) {
        return await WebAssembly.compileStreaming(response);
      }
      return await WebAssembly.compile(await response.arrayBuffer());
    } catch (e) {
      throw new EngineError(
        "unavailable",
        e instanceof WebAssembly.CompileError || /unsafe-eval|Content Security/i.test(String(e?.message))
          ? `This page does not allow WebAssembly (its Content-Security-Policy lacks 'wasm-unsafe-eval')${OFF}`
          : `The annotator could not be loaded (${e?.message ?? e})${OFF}`,
      );
    }
  })();
  return compiled;
}

/** Resolves to the JS glue namespace of a ready instance; one per page. */
export function load() {
  if (!instance) {
    const g = generation;
    instance = (async () => {
      const module = await compile();
      let ns;
      try {
        ns = await import(g === 0 ? GLUE : `${GLUE}?instance=${g}`);
        ns.initSync({ module });
      } catch (e) {
        throw new EngineError("unavailable", `The annotator could not start (${e?.message ?? e})${OFF}`);
      }
      maxInput = ns.maxInputLength();
      return ns;
    })();
  }
  return instance;
}

/** The input limit in UTF-16 units (DEFAULT_MAX_INPUT until the wasm has loaded). */
export function maxInputLength() {
  return maxInput;
}

function checkLength(text) {
  if (text.length > maxInput) {
    throw new EngineError(
      "too-long",
      `This text is ${text.length.toLocaleString("en")} characters long; the limit is ${maxInput.toLocaleString("en")}. Shorten it to annotate it.`,
    );
  }
}

/**
 * Runs `op` ("annotate" or "export" as `format`) on this thread: the Worker and the
 * benchmark page call it directly.
 */
export async function callLocal(op, text, format, options) {
  checkLength(text);
  const ns = await load();
  try {
    return op === "export" ? ns._export(text, format, options) : ns.annotate(text, options);
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) {
      generation += 1;
      instance = null;
    }
    throw lexiconError(String(e?.message ?? e)) ?? new EngineError("failed", `The annotator failed on this text: ${e?.message ?? e}`);
  }
}

let worker; // undefined: not tried yet; null: unavailable
let nextId = 1;
const pending = new Map();
let workerLexicon = null; // the lexicon text the Worker holds: sent once, not with every request

/** Drops the Worker; its pending calls fall back to the main thread (code "worker"). */
function failWorker() {
  worker?.terminate();
  worker = null;
  for (const p of pending.values()) p.reject(new EngineError("worker"));
  pending.clear();
}

/**
 * Under Trusted Types, `new Worker(url)` is a sink that refuses a string and reports a
 * violation. A page cannot read its policy, but one given in a <meta> can be seen: then
 * no Worker is tried (long texts run on the main thread, in slices). A policy sent as
 * an HTTP header is found by trying: one report, then the main thread.
 */
function trustedTypesInMeta() {
  if (typeof document !== "object") return false;
  for (const m of document.querySelectorAll('meta[http-equiv="Content-Security-Policy" i]')) {
    if (/require-trusted-types-for/i.test(m.content ?? "")) return true;
  }
  return false;
}

async function viaWorker(op, text, format, options) {
  const module = await compile();
  const url = new URL("./worker.js", import.meta.url);
  // A Worker script must come from the page's origin: from another one, do not even try
  // (under Trusted Types the attempt itself would be reported as a violation).
  if (worker === undefined && typeof location === "object" && url.origin !== location.origin) worker = null;
  if (worker === undefined && trustedTypesInMeta()) worker = null;
  if (worker === undefined) {
    try {
      worker = new Worker(url, { type: "module", name: "article-annotator" });
      worker.onmessage = ({ data }) => {
        const p = pending.get(data.id);
        if (!p) return;
        pending.delete(data.id);
        if (data.ok) p.resolve(data.result);
        else p.reject(new EngineError(data.code, data.message, data.extra));
      };
      worker.onerror = (event) => {
        event.preventDefault();
        failWorker();
      };
      worker.postMessage({ op: "init", module });
      workerLexicon = null;
    } catch {
      worker = null;
    }
  }
  if (!worker) throw new EngineError("worker");
  const id = nextId++;
  const lexicon = options?.lexicon ?? null;
  if (lexicon !== null && lexicon !== workerLexicon) {
    worker.postMessage({ op: "lexicon", lexicon });
    workerLexicon = lexicon;
  }
  const rest = options ? { ...options, lexicon: lexicon === null ? null : true } : options;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, op, text, format, options: rest });
  });
}

/** Options as the wasm takes them: `lexicon` as JSON text (or absent). */
function normalise(options) {
  if (options === undefined || options === null) return undefined;
  const out = {};
  if (options.model === false) out.model = false;
  const lexicon = lexiconSource(options.lexicon);
  if (lexicon !== null) out.lexicon = lexicon;
  return out;
}

async function call(op, text, format, options) {
  checkLength(text);
  options = normalise(options);
  if (text.length >= WORKER_THRESHOLD && typeof Worker === "function" && worker !== null) {
    try {
      return await viaWorker(op, text, format, options);
    } catch (e) {
      if (e.code !== "worker") throw e;
    }
  }
  return callLocal(op, text, format, options);
}

/**
 * Annotates `text`; resolves to the result object (offsets in UTF-16 units).
 * Rejects with an EngineError.
 */
export function annotate(text, options) {
  return call("annotate", text, undefined, options);
}

/**
 * Renders the annotation of `text` as `format` (annotate.js FORMATS, docs/exports.md);
 * resolves to a string. All formatting is done by the core.
 */
export function exportAs(text, format, options) {
  return call("export", text, format, options);
}
