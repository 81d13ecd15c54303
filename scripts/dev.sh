#!/usr/bin/env bash
# README command 1: set up what is missing, build the wasm, serve www/ at http://127.0.0.1:${PORT:-8080}/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
exec node scripts/serve.mjs www "${PORT:-8080}" 127.0.0.1
