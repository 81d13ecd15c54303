#!/usr/bin/env bash
# README command 2: set up what is missing (incl. Chromium and npm packages), then run every test:
# native Rust tests, wasm tests (Node + headless Chromium), the release build, and the browser tests.
# A failing step does not stop the later ones (one run shows every failure); the exit status is
# non-zero if any step failed. The last thing printed is the summary of `node --test`, which CI reads.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$SECONDS
failed=()
step() { printf '\n\033[1m== %s (t+%ss)\033[0m\n' "$*" $((SECONDS - t0)); }
check() { local name=$1; shift; "$@" || { failed+=("$name"); printf '\033[1;31m!! %s failed\033[0m\n' "$name"; }; }

step setup
bash scripts/setup.sh --test

# Python tools run in their own virtual environment (target/py), never the system's.
step "Python environment target/py (lexicon generator, export consumers)"
[ -x target/py/bin/python ] || check "python venv" python3 -m venv target/py
PY=target/py/bin/python
pip_ok=1
for req in scripts/requirements-lexicons.txt scripts/test-requirements.txt; do
  [ -f "$req" ] || continue
  "$PY" -m pip install -q --disable-pip-version-check -r "$req" || { pip_ok=0; failed+=("pip install $req"); }
done

if [ -f scripts/gen_lexicons.py ]; then
  step "lexicons are up to date (scripts/gen_lexicons.py --check)"
  check "gen_lexicons --check" "$PY" scripts/gen_lexicons.py --check
fi

# The export tests hand each format to a real consumer (Python csv/json, PyLD, spaCy's displaCy).
if [ "$pip_ok" = 1 ]; then
  export PYTHON="$PWD/$PY" REQUIRE_CONSUMERS=1
fi

step "formatting (cargo fmt --check)"
check "cargo fmt --check" cargo fmt --check

step "cargo test (native)"
check "cargo test" cargo test --locked

step "tagger weights are reproducible (train-tagger --check: retrain, compare bytes)"
check "train-tagger --check" cargo run --locked --release --quiet --bin train-tagger -- --check

# Only tests/wasm.rs: the native suites read files and use native-only crates.
step "wasm tests in Node (wasm-bindgen-test-runner)"
check "wasm tests (node)" cargo test --locked --target wasm32-unknown-unknown --test wasm

step "wasm tests in headless Chromium (wasm-bindgen-test-runner + chromedriver)"
check "wasm tests (chromium)" env WASM_BINDGEN_USE_BROWSER=1 \
  CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}" \
  WASM_BINDGEN_TEST_DRIVER_TIMEOUT="${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-30}" \
  cargo test --locked --target wasm32-unknown-unknown --test wasm

step "release build into www/pkg"
check "build" bash scripts/build.sh

# A time-boxed fuzz run of the public API (cargo-fuzz, nightly); always in CI.
if [ -n "${FUZZ_SECONDS:-}" ] || [ "${CI:-}" = true ]; then
  step "fuzz (cargo +nightly fuzz, ${FUZZ_SECONDS:-60}s)"
  check "fuzz" env FUZZ_SECONDS="${FUZZ_SECONDS:-60}" bash scripts/fuzz.sh
fi

step "browser tests (node --test + playwright-core + /usr/bin/chromium)${failed[*]:+; earlier failures: ${failed[*]}}"
status=0
node --test tests/e2e/ || status=$?
[ "${#failed[@]}" -eq 0 ] || exit 1
exit "$status"
