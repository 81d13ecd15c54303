#!/usr/bin/env bash
# Idempotent tool set-up: installs only what is missing (~0.2 s when all is there).
#   scripts/setup.sh          # build tools: the wasm32 target + the wasm-bindgen-cli matching Cargo.lock
#   scripts/setup.sh --test   # + Chromium, ChromeDriver (Debian apt) and npm packages (playwright-core)
# Only crates.io, npm and Debian apt are used. Never `playwright install` (it downloads a browser).
set -euo pipefail
cd "$(dirname "$0")/.."
want_test=0; [ "${1:-}" = "--test" ] && want_test=1
log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "$want_test" = 1 ] && ! rustup component list --installed | grep -q '^rustfmt'; then
  log "rustup component add rustfmt"
  rustup component add rustfmt
fi

# The CLI must be exactly the wasm-bindgen version in Cargo.lock (schema check).
want=$(cargo pkgid wasm-bindgen 2>/dev/null | sed -E 's/.*[#@:]//')
[ -n "$want" ] || { echo "cannot resolve the wasm-bindgen version from Cargo.lock" >&2; exit 1; }
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
have_runner=$(wasm-bindgen-test-runner --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ] || [ "$have_runner" != "$want" ]; then
  log "cargo install wasm-bindgen-cli $want (have: ${have:-none}); ~5 min on 2 cores, once per machine"
  # --locked can fail when a crate in its lockfile is missing from the index; then resolve afresh.
  cargo install wasm-bindgen-cli --version "=$want" --locked \
    || cargo install wasm-bindgen-cli --version "=$want"
fi

if [ "$want_test" = 1 ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    log "apt-get install chromium chromium-driver"
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver
  fi
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "npm ci"
    npm ci --no-audit --no-fund
  fi
fi
log "ok: $(wasm-bindgen --version), node $(node --version)$([ "$want_test" = 1 ] && echo ", $(chromium --version 2>/dev/null | head -1)" || true)"
