#!/usr/bin/env bash
# Builds the WebAssembly module and its JS glue into www/pkg/ (git-ignored).
#   scripts/build.sh               # wasm-release (opt "s" + LTO), name and producers sections removed
#   PROFILE=dev scripts/build.sh   # debug build, keeps names (readable stack traces, ~10x larger)
#   WASM_OPT=1 scripts/build.sh    # + wasm-opt -Oz from npm binaryen (slow; gains little after LTO)
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE="${PROFILE:-wasm-release}"; dir="$PROFILE"; [ "$PROFILE" = dev ] && dir=debug
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
cargo build --locked --profile "$PROFILE" --target wasm32-unknown-unknown --lib
flags=(--target web --no-typescript --omit-default-module-path --encode-into always --out-dir www/pkg)
[ "$PROFILE" != dev ] && flags+=(--remove-name-section --remove-producers-section)
wasm-bindgen "${flags[@]}" "$TARGET_DIR/wasm32-unknown-unknown/$dir/article_annotator.wasm"
if [ "${WASM_OPT:-0}" = 1 ]; then
  npx --yes --package binaryen@132.0.0 -- wasm-opt -Oz www/pkg/article_annotator_bg.wasm -o www/pkg/article_annotator_bg.wasm
fi
printf '[build] www/pkg/article_annotator_bg.wasm: %s bytes, %s gzip -9\n' \
  "$(stat -c %s www/pkg/article_annotator_bg.wasm)" "$(gzip -9c www/pkg/article_annotator_bg.wasm | wc -c)"
# www/dist/: the minified modules a site deploys (esbuild comes with `npm ci`, i.e. setup.sh --test).
if [ -d node_modules/esbuild ]; then
  node scripts/minify.mjs
else
  echo "[build] www/dist/ not written: run 'npm ci' (or scripts/setup.sh --test) for esbuild"
fi
