#!/usr/bin/env bash
# Assembles the npm package in target/npm/package/ and packs it into
# target/npm/article-annotator-VERSION.tgz (VERSION from Cargo.toml):
#   the minified modules of www/dist/ (rebuilt from www/*.js here), the wasm-bindgen glue and .wasm,
#   and from pkg-npm/: package.json, the hand-written .d.ts files, README.md and LICENSE.
#   scripts/pack.sh            # needs www/pkg/ (scripts/build.sh runs when it is missing) and esbuild (npm ci)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f www/pkg/article_annotator_bg.wasm ] || bash scripts/build.sh
node scripts/minify.mjs >/dev/null
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
[ -n "$version" ] || { echo "no version in Cargo.toml" >&2; exit 1; }
out=target/npm/package
rm -rf "$out"
mkdir -p "$out/pkg"
for f in article-annotator define annotate engine render styles worker; do cp "www/dist/$f.js" "$out/"; done
cp www/dist/pkg/article_annotator.js www/dist/pkg/article_annotator_bg.wasm "$out/pkg/"
cp pkg-npm/*.d.ts pkg-npm/README.md pkg-npm/LICENSE "$out/"
VERSION="$version" node -e '
  const fs = require("fs");
  const p = JSON.parse(fs.readFileSync("pkg-npm/package.json", "utf8"));
  p.version = process.env.VERSION;
  fs.writeFileSync(process.argv[1], JSON.stringify(p, null, 2) + "\n");
' "$out/package.json"
rm -f target/npm/article-annotator-*.tgz
json=$(npm pack ./"$out" --pack-destination target/npm --json --silent)
PACK="$json" node -e '
  const [p] = JSON.parse(process.env.PACK);
  console.log(`[pack] target/npm/${p.filename}: ${p.size} bytes packed, ${p.unpackedSize} unpacked, ${p.entryCount} files`);
'
