#!/usr/bin/env node
// Writes www/dist/: the element's modules and the wasm-bindgen glue, each minified on
// its own (no bundling, so the module layout and relative URLs stay the same), plus the
// .wasm. This is what a site deploys; www/*.js stay the readable sources the page uses.
// The glue alone is bundled from a stub re-exporting what engine.js calls, so esbuild drops
// the loaders engine.js never uses (it fetches and compiles the .wasm itself, then initSync).
// Then terser compresses and renames once more: its output gzips about 3% smaller than
// esbuild's alone (issue 3's budget for the shell is 15 KB gzipped). Only its safe
// transformations are used.
//   node scripts/minify.mjs      (run by scripts/build.sh when esbuild is installed)
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, transform } from "esbuild";
import { minify } from "terser";

const www = join(dirname(fileURLToPath(import.meta.url)), "..", "www");
const modules = ["define.js", "article-annotator.js", "render.js", "engine.js", "styles.js", "worker.js", "annotate.js", "pkg/article_annotator.js"];
const GLUE_EXPORTS = "annotate, _export, maxInputLength, version, initSync";
const options = { minify: true, format: "esm", target: "es2022", legalComments: "none", charset: "utf8" };

/**
 * Minified styles.js has line breaks only inside its CSS templates, each after "{", ";" or
 * "}" (or at a template's start), where CSS needs no whitespace: drop them and the indentation.
 */
function cssLines(code) {
  const out = code.trimEnd().replace(/([{;}`])\n */g, "$1");
  if (out.includes("\n")) throw new Error("styles.js: a line break in an unexpected place");
  return out + "\n";
}

mkdirSync(join(www, "dist", "pkg"), { recursive: true });
let shell = "";
for (const file of modules) {
  let code = file.startsWith("pkg/")
    ? (await build({
      ...options, bundle: true, write: false, drop: ["console"], // only initSync's warnings about deprecated arguments
      stdin: { contents: `export { ${GLUE_EXPORTS} } from "./${file.slice(4)}";`, resolveDir: join(www, "pkg") },
    })).outputFiles[0].text
    : (await transform(readFileSync(join(www, file), "utf8"), options)).code;
  if (file === "styles.js") code = cssLines(code);
  code = (await minify(code, { module: true, ecma: 2022, compress: { passes: 2 }, format: { comments: false } })).code + "\n";
  writeFileSync(join(www, "dist", file), code);
  if (file !== "worker.js" && file !== "annotate.js") shell += code;
}
copyFileSync(join(www, "pkg", "article_annotator_bg.wasm"), join(www, "dist", "pkg", "article_annotator_bg.wasm"));
console.log(`[minify] www/dist/: JS shell ${Buffer.byteLength(shell)} bytes, ${gzipSync(shell, { level: 9 }).length} gzip -9 (without worker.js)`);
