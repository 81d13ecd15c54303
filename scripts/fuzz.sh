#!/usr/bin/env bash
# Time-boxed fuzzing of the public API (fuzz/fuzz_targets/annotate.rs) with cargo-fuzz.
#   FUZZ_SECONDS=60 scripts/fuzz.sh     # default 60 s
# Needs a nightly toolchain and cargo-fuzz; installs what is missing (rustup reaches
# its dist server; `cargo install cargo-fuzz` takes ~4 min on 2 cores, once per machine;
# the first fuzz build ~6 min, then seconds). The corpus (fuzz/corpus/, git-ignored) is kept
# between runs; a crash leaves its input in fuzz/artifacts/annotate/ and fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
log() { printf '\033[1m[fuzz]\033[0m %s\n' "$*"; }
if ! rustup toolchain list | grep -q '^nightly'; then
  log "rustup toolchain install nightly --profile minimal"
  rustup toolchain install nightly --profile minimal
fi
if ! command -v cargo-fuzz >/dev/null; then
  log "cargo install cargo-fuzz --locked"
  cargo install cargo-fuzz --locked
fi
mkdir -p fuzz/corpus/annotate
log "cargo +nightly fuzz run annotate for ${seconds}s"
# -timeout: any single input slower than 10 s is reported (super-linear work);
# -rss_limit_mb: memory blow-ups are reported too.
cargo +nightly fuzz run annotate fuzz/corpus/annotate -- \
  -dict=fuzz/dict -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 -len_control=10 -print_final_stats=1
