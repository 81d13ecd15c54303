// The Worker that annotates long texts off the main thread (see engine.js).
// It receives the page's compiled WebAssembly.Module first, then requests
// {id, op: "annotate" | "export", text, format, options}, and answers {id, ok, result}
// or {id, ok: false, code, message, extra}. A site lexicon comes once, as
// {op: "lexicon", lexicon} (its JSON text); requests then say `options.lexicon: true`.
import { callLocal, useModule } from "./engine.js";

let lexicon = null;

self.onmessage = async ({ data }) => {
  if (data.op === "init") {
    useModule(data.module);
    return;
  }
  if (data.op === "lexicon") {
    lexicon = data.lexicon;
    return;
  }
  if (data.options?.lexicon === true) data.options.lexicon = lexicon;
  try {
    const result = await callLocal(data.op, data.text, data.format, data.options);
    self.postMessage({ id: data.id, ok: true, result });
  } catch (e) {
    const extra = e?.code === "lexicon" ? { line: e.line, field: e.field, reason: e.reason } : undefined;
    self.postMessage({ id: data.id, ok: false, code: e?.code ?? "failed", message: String(e?.message ?? e), extra });
  }
};
