#!/usr/bin/env bash
# Speed and peak memory of the ledger commands on a large generated ledger,
# against jq selecting the same entries (the targets: `ledger show
# --subject` and `ledger account` at least twice as fast as jq, `ledger
# verify` at least 100 MB/s, peak RSS under 32 MB).
#
#   scripts/ledger_bench.sh
#   DISCLOSE=/path/to/disclose ENTRIES=200000 SUBJECT=P-012345 scripts/ledger_bench.sh
#   V1=1 scripts/ledger_bench.sh        # entries with the v1 keys only
#   BENCH_DIR=/path RUNS=5 scripts/ledger_bench.sh
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
subject=${SUBJECT:-P-012345}
runs=${RUNS:-5}
v1=${V1:-0}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/disclose-ledger-bench}
mkdir -p "$dir"

[ -x "$bin" ] || { echo "error: no disclose binary at $bin (set DISCLOSE or run cargo build --release)" >&2; exit 2; }
command -v jq >/dev/null || { echo "error: jq is not installed" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time (GNU time) is not installed" >&2; exit 2; }

flags=()
[ "$v1" = 1 ] && flags+=(--v1)
ledger=$dir/ledger-$entries$([ "$v1" = 1 ] && echo -v1).jsonl
if [ ! -s "$ledger" ]; then
    python3 "$root/scripts/genledger.py" "$ledger" --entries "$entries" "${flags[@]}"
fi
bytes=$(stat -c %s "$ledger")
matches=$(grep -c "\"$subject\"" "$ledger" || true)
echo "ledger: $ledger"
echo "        $entries entries, $bytes bytes ($(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}') MB), $matches naming $subject"
echo "binary: $bin ($("$bin" --version 2>/dev/null || echo unknown version))"
echo

hyper=$(command -v hyperfine || true)

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

# Peak RSS in MB of one run.
peak_mb() {
    local log
    log=$(mktemp)
    /usr/bin/time -v bash -c "exec $1 >/dev/null" 2>"$log" || true
    awk -F': ' '/Maximum resident set size/ {printf "%.1f\n", $2/1024}' "$log"
    rm -f "$log"
}

q() { printf '%q' "$1"; }
jq_cmd="jq -c 'select(.subjects | index(\"$subject\"))' $(q "$ledger")"
show_cmd="$(q "$bin") ledger show $(q "$ledger") --subject $subject --json"
account_cmd="$(q "$bin") ledger account $(q "$ledger") --subject $subject --format json"
verify_cmd="$(q "$bin") ledger verify $(q "$ledger")"

has_account=1
"$bin" ledger account --help >/dev/null 2>&1 || has_account=0

printf '%-34s %10s %10s %10s %12s\n' "command" "seconds" "MB/s" "peak MB" "vs jq"
row() { # label seconds peak ratio
    awk -v l="$1" -v s="$2" -v b="$bytes" -v p="$3" -v r="$4" \
        'BEGIN { printf "%-34s %10.3f %10.0f %10s %12s\n", l, s, b/1e6/(s>0?s:1e-9), p, r }'
}

jq_s=$(mean_seconds "$jq_cmd")
row "jq select (baseline)" "$jq_s" "$(peak_mb "$jq_cmd")" "1.00x"

show_s=$(mean_seconds "$show_cmd")
row "ledger show --subject --json" "$show_s" "$(peak_mb "$show_cmd")" \
    "$(awk -v j="$jq_s" -v s="$show_s" 'BEGIN{printf "%.2fx", j/s}')"

if [ "$has_account" = 1 ]; then
    account_s=$(mean_seconds "$account_cmd")
    row "ledger account --format json" "$account_s" "$(peak_mb "$account_cmd")" \
        "$(awk -v j="$jq_s" -v s="$account_s" 'BEGIN{printf "%.2fx", j/s}')"
else
    printf '%-34s %s\n' "ledger account --format json" "skipped: this binary has no \`ledger account\`"
fi

verify_s=$(mean_seconds "$verify_cmd")
row "ledger verify" "$verify_s" "$(peak_mb "$verify_cmd")" "-"

echo
echo "targets: show/account >= 2.00x jq; verify >= 100 MB/s; peak < 32 MB"
echo "timing: $([ -n "$hyper" ] && echo "hyperfine, mean of $runs runs after 1 warm-up" || echo "shell loop, mean of $runs runs")"
