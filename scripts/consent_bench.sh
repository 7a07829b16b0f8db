#!/usr/bin/env bash
# The consent registry against field-based consent: the same ~100 MB CSV
# export through the fixture policy's treatment-provider:consent profile,
# once with consent read from the record's own fields and once from a
# registry of 100,000 consents. Both runs are dated 2026-12-02. On a busy
# machine compare the fastest runs.
#
#   scripts/consent_bench.sh
#   BENCH_DIR=/path CONSENTS=100000 scripts/consent_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/disclose-bench}
mkdir -p "$dir"
cargo build --release --quiet --bin disclose --example gencases
bin=$root/target/release/disclose
gen=$root/target/release/examples/gencases

csv=$dir/cases-100MB.csv
[ -s "$csv" ] || "$gen" --format csv --target-bytes 100000000 --out "$csv"
records=$(grep -c "^P-[0-9]\{6\}," "$csv")
python3 scripts/genconsents.py "$dir/consents.csv" --consents "${CONSENTS:-100000}" --subjects "$records"
cp fixtures/providers.txt fixtures/demo.key "$dir/"
# The fixture policy without its default ledger; one copy per kind of consent.
grep -v '^ledger = ' fixtures/policy.toml >"$dir/registry.toml"
sed 's|^consent = { registry = "consents.csv" }|consent = { field = "consent_treatment_sharing", granted = ["yes", "y", "true"], expires_field = "consent_expires" }|' \
    "$dir/registry.toml" >"$dir/field.toml"
grep -q 'consent = { field' "$dir/field.toml"
cat "$csv" >/dev/null # warm the page cache

run() { # label policy
    local log
    log=$(mktemp)
    /usr/bin/time -v "$bin" apply --policy "$dir/$2" --to treatment-provider --basis consent \
        --key-file "$dir/demo.key" -q --force -o "$dir/out-$2.csv" "$csv" 2>"$log" >/dev/null ||
        { cat "$log"; exit 1; }
    awk -F': ' -v l="$1" -v b="$(stat -c %s "$csv")" '
        /Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]}
        /Maximum resident set size/ {rss=$2}
        END {printf "%-34s %7.2f s %7.1f MB/s %6.0f MB RSS\n", l, s, b/1e6/(s>0?s:0.001), rss/1024}' "$log"
    python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print("   ", m["records"])' "$dir/out-$2.csv.manifest.json"
    rm -f "$log"
}
echo "export: $(stat -c %s "$csv") bytes, $records records; registry: $(($(wc -l <"$dir/consents.csv") - 1)) consents"
for i in 1 2 3 4 5; do
    SOURCE_DATE_EPOCH=1796220180 run "field consent (run $i)" field.toml
    SOURCE_DATE_EPOCH=1796220180 run "registry consent (run $i)" registry.toml
done
