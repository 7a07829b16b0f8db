#!/usr/bin/env bash
# Speed and peak memory of the ledger commands on a large generated ledger,
# against jq selecting the same entries (the targets: `ledger show
# --subject` and `ledger account` at least twice as fast as jq, `ledger
# verify` at least 100 MB/s, peak RSS under 32 MB).
#
#   scripts/ledger_bench.sh
#   DISCLOSE=/path/to/disclose ENTRIES=200000 SUBJECTS=50000 SUBJECT=P-012345 scripts/ledger_bench.sh
#   V1=1 scripts/ledger_bench.sh        # entries with the v1 keys only
#   BENCH_DIR=/path RUNS=5 scripts/ledger_bench.sh
#   NO_HYPERFINE=1 scripts/ledger_bench.sh   # time with a shell loop
#
# The ledger is generated once by scripts/genledger.py under BENCH_DIR
# (default: a directory under $TMPDIR) and reused while its parameters
# stay the same. Times come from hyperfine when it is installed (mean of
# RUNS runs after one warm-up), otherwise from a loop around the command;
# peak RSS from one run under /usr/bin/time -v. Build the binary first
# (cargo build --release): a debug build's numbers mean nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bin=${DISCLOSE:-$root/target/release/disclose}
entries=${ENTRIES:-200000}
subjects=${SUBJECTS:-50000}
subject=${SUBJECT:-P-012345}
runs=${RUNS:-5}
v1=${V1:-0}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/disclose-ledger-bench}
mkdir -p "$dir"

[ -x "$bin" ] || { echo "error: no disclose binary at $bin (set DISCLOSE or run cargo build --release)" >&2; exit 2; }
command -v jq >/dev/null || { echo "error: jq is not installed" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time (GNU time) is not installed" >&2; exit 2; }

flags=()
ledger=$dir/ledger-$entries-$subjects.jsonl
if [ "$v1" = 1 ]; then
    flags+=(--v1)
    ledger=$dir/ledger-$entries-$subjects-v1.jsonl
fi
if [ ! -s "$ledger" ]; then
    python3 "$root/scripts/genledger.py" "$ledger" --entries "$entries" --subjects "$subjects" "${flags[@]}"
fi
bytes=$(stat -L -c %s "$ledger")
matches=$(grep -c "\"$subject\"" "$ledger" || true)
echo "ledger: $ledger"
echo "        $entries entries, $bytes bytes ($(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}') MB), $matches naming $subject"
echo "binary: $bin ($("$bin" --version 2>/dev/null || echo unknown version))"
echo

hyper=$(command -v hyperfine || true)
[ "${NO_HYPERFINE:-0}" = 1 ] && hyper=

# Mean wall seconds of a shell command line.
mean_seconds() {
    local cmd=$1
    if [ -n "$hyper" ]; then
        local json
        json=$(mktemp)
        hyperfine --style none --warmup 1 --runs "$runs" --export-json "$json" "$cmd" >/dev/null 2>&1 \
            || { echo "error: failed: $cmd" >&2; rm -f "$json"; exit 1; }
        jq -r '.results[0].mean' "$json"
        rm -f "$json"
    else
        bash -c "$cmd" >/dev/null 2>&1 || { echo "error: failed: $cmd" >&2; exit 1; }
        local t0 t1 i
        t0=$(date +%s.%N)
        for ((i = 0; i < runs; i++)); do bash -c "$cmd" >/dev/null 2>&1; done
        t1=$(date +%s.%N)
        awk -v a="$t0" -v b="$t1" -v n="$runs" 'BEGIN{printf "%.6f\n", (b-a)/n}'
    fi
}

# Peak RSS in MB and CPU seconds (user + system) of one run. CPU time is
# less disturbed than wall time when other work shares the machine.
one_run() {
    local log
    log=$(mktemp)
    /usr/bin/time -v bash -c "exec $1 >/dev/null" 2>"$log" || true
    awk -F': ' '/Maximum resident set size/ {r=$2/1024} /User time/ {u=$2} /System time/ {s=$2}
        END {printf "%.1f %.2f\n", r, u+s}' "$log"
    rm -f "$log"
}

q() { printf '%q' "$1"; }
jq_cmd="jq -c 'select(.subjects | index(\"$subject\"))' $(q "$ledger")"
show_cmd="$(q "$bin") ledger show $(q "$ledger") --subject $subject --json"
account_cmd="$(q "$bin") ledger account $(q "$ledger") --subject $subject --format json"
verify_cmd="$(q "$bin") ledger verify $(q "$ledger")"

has_account=1
"$bin" ledger account --help >/dev/null 2>&1 || has_account=0

printf '%-30s %9s %8s %8s %9s %8s\n' "command" "seconds" "MB/s" "cpu s" "peak MB" "vs jq"
row() { # label seconds "peak cpu" ratio
    local peak cpu
    read -r peak cpu <<<"$3"
    awk -v l="$1" -v s="$2" -v b="$bytes" -v p="$peak" -v c="$cpu" -v r="$4" \
        'BEGIN { printf "%-30s %9.3f %8.0f %8.2f %9s %8s\n", l, s, b/1e6/(s>0?s:1e-9), c, p, r }'
}
ratio() { awk -v j="$1" -v s="$2" 'BEGIN{printf "%.2fx", j/s}'; }

jq_s=$(mean_seconds "$jq_cmd")
row "jq select (baseline)" "$jq_s" "$(one_run "$jq_cmd")" "1.00x"

show_s=$(mean_seconds "$show_cmd")
row "ledger show --subject --json" "$show_s" "$(one_run "$show_cmd")" "$(ratio "$jq_s" "$show_s")"

if [ "$has_account" = 1 ]; then
    account_s=$(mean_seconds "$account_cmd")
    row "ledger account --format json" "$account_s" "$(one_run "$account_cmd")" "$(ratio "$jq_s" "$account_s")"
else
    printf '%-30s %s\n' "ledger account --format json" "skipped: this binary has no \`ledger account\`"
fi

verify_s=$(mean_seconds "$verify_cmd")
row "ledger verify" "$verify_s" "$(one_run "$verify_cmd")" "-"

echo
echo "targets: show/account >= 2.00x jq; verify >= 100 MB/s; peak < 32 MB"
echo "timing: $([ -n "$hyper" ] && echo "hyperfine, mean of $runs runs after 1 warm-up" || echo "shell loop, mean of $runs runs")"
