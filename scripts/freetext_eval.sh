#!/bin/sh
# Score a disclose binary on the labelled free-text corpora, both modes.
#
#   scripts/freetext_eval.sh [DISCLOSE] [OUTDIR]
#
# DISCLOSE defaults to target/debug/disclose (build it with `cargo build`; a
# release binary works the same, and only its notes/s differ). OUTDIR (default
# /tmp/freetext-eval) receives one .txt and one .json report per run.
#
# Runs: the probation notes with the subject's name and address known, the
# same with nothing known, the same two for the case-note styles corpus, and
# the presidio-evaluator corpus (3,000 sentences,
# seed 42), each in the default scrub mode and in allow-list mode. The
# presidio corpus needs presidio-evaluator in a virtualenv outside the
# repository (PRESIDIO_PY, default /tmp/fd-venv/bin/python):
#
#   python3 -m venv /tmp/fd-venv && /tmp/fd-venv/bin/pip install presidio-evaluator
#
# Without it, the presidio runs are skipped with a message.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
bin=${1:-$root/target/debug/disclose}
out=${2:-/tmp/freetext-eval}
py=${PRESIDIO_PY:-/tmp/fd-venv/bin/python}
mkdir -p "$out"
[ -x "$bin" ] || { echo "error: $bin: not an executable; run cargo build" >&2; exit 2; }

run() { # name corpus extra-args...
    name=$1; corpus=$2; shift 2
    for mode in scrub allowlist; do
        echo "== $name, $mode"
        python3 "$here/freetext_eval.py" --disclose "$bin" --corpus "$corpus" --mode "$mode" \
            --json "$out/$name.$mode.json" "$@" | tee "$out/$name.$mode.txt"
        echo
    done
}

python3 "$here/check_corpus.py" "$root/data/eval/probation_notes.jsonl" --min-notes 200
run probation-subject "$root/data/eval/probation_notes.jsonl" --repeat 20
run probation-nothing-known "$root/data/eval/probation_notes.jsonl" --no-subject --repeat 20
python3 "$here/check_corpus.py" "$root/data/eval/casenote_styles.jsonl"
run styles-subject "$root/data/eval/casenote_styles.jsonl" --repeat 20
run styles-nothing-known "$root/data/eval/casenote_styles.jsonl" --no-subject --repeat 20

if [ -x "$py" ] && "$py" -c 'import presidio_evaluator' 2>/dev/null; then
    "$py" "$here/freetext_eval.py" --make-presidio "$out/presidio.jsonl" --seed 42 --sentences 3000 2>/dev/null
    python3 "$here/check_corpus.py" "$out/presidio.jsonl"
    run presidio "$out/presidio.jsonl" --repeat 10
else
    echo "presidio-evaluator not found at $py: presidio corpus skipped (see --help of scripts/freetext_eval.py)"
fi
