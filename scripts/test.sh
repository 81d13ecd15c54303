#!/usr/bin/env bash
# README command 2: set up what is missing (incl. Chromium and npm packages), then run every test:
# native Rust tests, wasm tests (Node + headless Chromium), the release build, and the browser tests.
# The last thing printed is the summary of `node --test`, which CI reads.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$SECONDS
step() { printf '\n\033[1m== %s (t+%ss)\033[0m\n' "$*" $((SECONDS - t0)); }

step setup
bash scripts/setup.sh --test

if [ -f scripts/gen_lexicons.py ]; then
  step "lexicons are up to date (scripts/gen_lexicons.py --check)"
  if [ -f scripts/requirements-lexicons.txt ]; then
    python3 -m pip install -q --disable-pip-version-check -r scripts/requirements-lexicons.txt
  fi
  python3 scripts/gen_lexicons.py --check
fi

step "cargo test (native)"
cargo test --locked

# Only tests/wasm.rs: the native suites read files and use native-only crates.
step "wasm tests in Node (wasm-bindgen-test-runner)"
cargo test --locked --target wasm32-unknown-unknown --test wasm

step "wasm tests in headless Chromium (wasm-bindgen-test-runner + chromedriver)"
WASM_BINDGEN_USE_BROWSER=1 \
CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}" \
WASM_BINDGEN_TEST_DRIVER_TIMEOUT="${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-30}" \
  cargo test --locked --target wasm32-unknown-unknown --test wasm

step "release build into www/pkg"
bash scripts/build.sh

step "browser tests (node --test + playwright-core + /usr/bin/chromium)"
exec node --test tests/e2e/
