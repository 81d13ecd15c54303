#!/usr/bin/env bash
# Scores the annotator's entities on the dev sets with shared/eval/score.py.
#
#   scripts/eval.sh                          the dev suite (below)
#   scripts/eval.sh FILE [score.py options]  one gold JSONL file, e.g.
#                                            scripts/eval.sh ../shared/data/ner/gum_dev.jsonl --map coarse
#
# The dev suite (strict and lenient P/R/F1 per type):
#   gum_dev       --map coarse --types PERSON,ORG,LOC       (the issue's target)
#   gum_dev       --map coarse --types PERSON,NORP,ORG,LOC,EVENT,DATE,MONEY,PERCENT
#   uner_ewt_dev  --map pol                                 (PERSON/ORG/LOC; the issue's target)
#   wikigold      --map conll --types PERSON,ORG,LOC, on the held-out fifth only
#                 (ids wikigold-005, -010, ...: the tagger trains on the rest)
#
# Environment:
#   SHARED_DIR   the shared folder (default: ../shared next to the repository)
#   NO_MODEL=1   annotate with rules and lexicons only (--no-model)
#   TAGGER_ONLY=1  score the learned tagger alone (train-tagger --predict)
#                  instead of the whole annotator
#
# Never run this on test data: tune on dev only.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${SHARED_DIR:-$root/../shared}"
ner="$shared/data/ner"
score="$shared/eval/score.py"
[ -f "$score" ] || { echo "eval.sh: $score not found (set SHARED_DIR)" >&2; exit 2; }

cd "$root"
cargo build --release --quiet --bin article-annotator --bin train-tagger

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# predict GOLD OUT: writes the predictions for GOLD's documents to OUT.
predict() {
    if [ "${TAGGER_ONLY:-}" = 1 ]; then
        target/release/train-tagger --predict "$1" > "$2"
    elif [ "${NO_MODEL:-}" = 1 ]; then
        target/release/article-annotator batch --no-model < "$1" > "$2"
    else
        target/release/article-annotator batch < "$1" > "$2"
    fi
}

# run TITLE GOLD [score.py options]
run() {
    local title="$1" gold="$2"
    shift 2
    local pred="$tmp/$(basename "$gold" .jsonl).pred.jsonl"
    [ -f "$pred" ] || predict "$gold" "$pred"
    echo "### $title"
    python3 "$score" "$gold" "$pred" "$@"
    echo
}

if [ $# -gt 0 ]; then
    gold="$1"
    shift
    run "$(basename "$gold")" "$gold" "$@"
    exit 0
fi

# The wikigold documents the tagger never saw (see src/bin/train-tagger.rs, held_out).
python3 - "$ner/wikigold.jsonl" > "$tmp/wikigold_heldout.jsonl" <<'EOF'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip() and int(json.loads(line)["id"].split("-")[1]) % 5 == 0:
        sys.stdout.write(line)
EOF

run "gum_dev: PERSON, ORG, LOC" "$ner/gum_dev.jsonl" --map coarse --types PERSON,ORG,LOC
run "gum_dev: all types" "$ner/gum_dev.jsonl" --map coarse --types PERSON,NORP,ORG,LOC,EVENT,DATE,MONEY,PERCENT
run "uner_ewt_dev: PERSON, ORG, LOC" "$ner/uner_ewt_dev.jsonl" --map pol
run "wikigold held-out fifth: PERSON, ORG, LOC" "$tmp/wikigold_heldout.jsonl" --map conll --types PERSON,ORG,LOC
