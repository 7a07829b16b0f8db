#!/usr/bin/env bash
# Throughput and peak memory of disclose on generated exports, against a
# plain CSV pass-through (the floor), xsv select (when installed), and a
# straightforward Python scrubber.
#
#   scripts/bench.sh            # ~100 MB exports
#   BIG=1 scripts/bench.sh      # also ~1 GB exports
#   BENCH_DIR=/path scripts/bench.sh
#
# Every disclose run writes its output, manifest and hashes as in real use.
# Reported: wall time, MB/s of input, peak RSS (from /usr/bin/time -v), and
# the same for a run pinned to one core (taskset -c 0) when available.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/disclose-bench}
mkdir -p "$dir"

cargo build --release --quiet
cargo build --release --quiet --example gencases --example passthrough
bin=$root/target/release/disclose
gen=$root/target/release/examples/gencases
pass=$root/target/release/examples/passthrough
xsv=$(command -v xsv || true)
pin=$(command -v taskset >/dev/null && echo "taskset -c 0" || true)

# The fixture policy, without its default ledger (a benchmark is not a
# disclosure to account for).
grep -v '^ledger = ' fixtures/policy.toml > "$dir/policy.toml"
# The same policy with its scrub rules in allow-list mode.
sed 's/^\[scrub\]$/[scrub]\nmode = "allowlist"/' "$dir/policy.toml" > "$dir/policy-allowlist.toml"
cp fixtures/providers.txt fixtures/demo.key "$dir/"
# The policy's consent registry, for the generated subjects.
[ -s "$dir/consents.csv" ] || python3 scripts/genconsents.py "$dir/consents.csv" >/dev/null

make_export() { # format bytes file
    [ -s "$3" ] || "$gen" --format "$1" --target-bytes "$2" --out "$3"
}
sizes=(100000000)
[ "${BIG:-0}" = 1 ] && sizes+=(1000000000)

# Columns the field-only profile (state-auditor:audit) drops.
dropped=(aliases dob address email narrative_notes diagnosis medications
    treatment_program treatment_status drug_test_result
    consent_treatment_sharing consent_expires)
xsv_drop=$(IFS=,; echo "!${dropped[*]}")

printf '%-44s %9s %9s %10s\n' "run" "seconds" "MB/s" "peak RSS"
measure() { # label input-bytes command...
    local label=$1 bytes=$2
    shift 2
    local log
    log=$(mktemp)
    /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log"; exit 1; }
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$log")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
    awk -v l="$label" -v w="$wall" -v b="$bytes" -v r="$rss" \
        'BEGIN { printf "%-44s %9.2f %9.0f %7.0f MB\n", l, w, b/1e6/(w>0?w:0.001), r/1024 }'
    rm -f "$log"
}

# disclose apply with the benchmark policy; add --to, --basis, -o, INPUT.
apply=("$bin" apply --policy "$dir/policy.toml" --reference BENCH --justification BENCH
    --key-file "$dir/demo.key" -q --force)

for size in "${sizes[@]}"; do
    tag=$((size / 1000000))MB
    csv=$dir/cases-$tag.csv
    ndjson=$dir/cases-$tag.ndjson
    make_export csv "$size" "$csv"
    make_export ndjson "$size" "$ndjson"
    csv_bytes=$(stat -c %s "$csv")
    nd_bytes=$(stat -c %s "$ndjson")
    echo "== $tag: $(wc -l <"$csv") CSV lines, $(wc -l <"$ndjson") NDJSON records"
    cat "$csv" "$ndjson" >/dev/null # warm the page cache
    # The safety basis covers named people only: name everyone.
    python3 -c 'import csv, sys; [print(r["person_id"]) for r in csv.DictReader(open(sys.argv[1]))]' \
        "$csv" >"$dir/everyone-$tag.txt"

    measure "csv pass-through, drop ${#dropped[@]} columns" "$csv_bytes" \
        "$pass" "$csv" "$dir/pass.csv" "${dropped[@]}"
    measure "csv pass-through + SHA-256 in and out" "$csv_bytes" \
        "$pass" --sha256 "$csv" "$dir/pass.csv" "${dropped[@]}"
    [ -n "$xsv" ] && measure "xsv select (same columns)" "$csv_bytes" \
        "$xsv" select "$xsv_drop" "$csv" -o "$dir/xsv.csv"
    measure "disclose field-only csv" "$csv_bytes" \
        "${apply[@]}" --to state-auditor --basis audit -o "$dir/out.csv" "$csv"
    [ -n "$pin" ] && measure "disclose field-only csv, one core" "$csv_bytes" \
        $pin "${apply[@]}" --to state-auditor --basis audit -o "$dir/out.csv" "$csv"
    measure "disclose field-only ndjson" "$nd_bytes" \
        "${apply[@]}" --to state-auditor --basis audit -o "$dir/out.ndjson" "$ndjson"
    measure "disclose scrub profile csv (police)" "$csv_bytes" \
        "${apply[@]}" --to columbus-police --basis safety --subjects-file "$dir/everyone-$tag.txt" \
        -o "$dir/police.csv" "$csv"
    measure "disclose scrub profile csv (provider)" "$csv_bytes" \
        "${apply[@]}" --to treatment-provider --basis consent -o "$dir/provider.csv" "$csv"
    [ -n "$pin" ] && measure "disclose scrub profile csv, one core" "$csv_bytes" \
        $pin "${apply[@]}" --to columbus-police --basis safety --subjects-file "$dir/everyone-$tag.txt" \
        -o "$dir/police.csv" "$csv"
    [ -n "$pin" ] && measure "disclose scrub profile csv, allow-list, one core" "$csv_bytes" \
        $pin "$bin" apply --policy "$dir/policy-allowlist.toml" --reference BENCH --justification BENCH \
        --key-file "$dir/demo.key" -q --force --to columbus-police --basis safety \
        --subjects-file "$dir/everyone-$tag.txt" -o "$dir/police-allow.csv" "$csv"
    if [ "$tag" = 100MB ]; then
        profiles=$("$bin" list --policy "$dir/policy.toml" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["profiles"]))')
        # check exits 1 when it finds something, and on generated data it
        # does: coincidental echoes (an alias that is part of the name, two
        # equal dates). Timed all the same.
        measure "disclose check, $profiles profiles, csv" "$csv_bytes" \
            sh -c '"$@"; [ $? -le 1 ]' check "$bin" check --policy "$dir/policy.toml" -q "$csv"
        # The Python baseline is slow: compare on a 10 MB export.
        make_export csv 10000000 "$dir/cases-10MB.csv"
        head_bytes=$(stat -c %s "$dir/cases-10MB.csv")
        measure "python csv + re.sub scrub (10 MB)" "$head_bytes" \
            python3 scripts/scrub_baseline.py "$dir/cases-10MB.csv" "$dir/head.py.csv"
        measure "disclose scrub profile (same 10 MB)" "$head_bytes" \
            "${apply[@]}" --to columbus-police --basis safety --subjects-file "$dir/everyone-$tag.txt" \
            -o "$dir/head.police.csv" "$dir/cases-10MB.csv"
    fi
done
