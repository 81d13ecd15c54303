// The Worker that annotates long texts off the main thread (see engine.js).
// It receives the page's compiled WebAssembly.Module first, then requests
// {id, op: "annotate" | "export", text, format, options}, and answers {id, ok, result}
// or {id, ok: false, code, message}.
import { annotateLocal, exportLocal, useModule } from "./engine.js";

self.onmessage = async ({ data }) => {
  if (data.op === "init") {
    useModule(data.module);
    return;
  }
  try {
    const result = data.op === "export"
      ? await exportLocal(data.text, data.format, data.options)
      : await annotateLocal(data.text, data.options);
    self.postMessage({ id: data.id, ok: true, result });
  } catch (e) {
    self.postMessage({ id: data.id, ok: false, code: e?.code ?? "failed", message: String(e?.message ?? e) });
  }
};
