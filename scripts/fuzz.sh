#!/usr/bin/env bash
# Run every fuzz target for a bounded time, one after the other.
#
#   scripts/fuzz.sh            # 30 seconds per target
#   scripts/fuzz.sh 600        # 10 minutes per target
#   scripts/fuzz.sh 60 policy  # only the named targets
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a nightly toolchain;
# without nightly, RUSTC_BOOTSTRAP=1 lets stable build the sanitizer flags.
# Seeds are in fuzz/corpus/TARGET (committed, from scripts/fuzz_seeds.py);
# what the fuzzer finds on top goes to fuzz/target/corpus/TARGET, so the
# committed seeds stay as they are. A crash leaves its input in
# fuzz/artifacts/TARGET/ and makes this script fail; turn it into a
# regression test (a unit test beside the code, and tests/it/fuzzed.rs
# from the command line) and fix it.
#
# Each target runs on one core, one target at a time.
#
# Exit status: 0 no findings; 1 a target found something; 2 the targets do
# not build; 3 the tooling is missing (cargo-fuzz, or a compiler that takes
# -Z flags), so nothing was fuzzed.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-30}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(csv_reader json_reader policy pipeline)
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz: cargo-fuzz is not installed (cargo install cargo-fuzz)" >&2
    exit 3
fi
if cargo +nightly --version >/dev/null 2>&1; then
    toolchain=(+nightly)
elif RUSTC_BOOTSTRAP=1 rustc -Z unstable-options --version >/dev/null 2>&1; then
    toolchain=()
    export RUSTC_BOOTSTRAP=1
else
    echo "fuzz: no nightly toolchain, and rustc refuses -Z flags" >&2
    exit 3
fi

cd fuzz
if ! cargo "${toolchain[@]}" fuzz build -O >target-build.log 2>&1; then
    cat target-build.log >&2
    echo "fuzz: the fuzz targets do not build" >&2
    exit 2
fi
rm -f target-build.log
status=0
for target in "${targets[@]}"; do
    work=target/corpus/$target
    mkdir -p "$work" "artifacts/$target"
    log=target/fuzz-$target.log
    # The pipeline reads and hashes on helper threads. A run that fails
    # drops them without joining (a reader may be blocked on its input),
    # and they end a moment later; LeakSanitizer would report their
    # thread-locals as leaks. So no leak checks for that target.
    extra=()
    if [ "$target" = pipeline ]; then
        extra=(-detect_leaks=0)
    fi
    echo "== fuzz $target (${seconds}s)"
    if cargo "${toolchain[@]}" fuzz run -O "$target" "$work" "corpus/$target" -- \
        -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
        -print_final_stats=1 "${extra[@]}" >"$log" 2>&1; then
        grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$log" |
            sort -u | sed "s/^stat::/   /"
    else
        status=1
        echo "   FAILED: see fuzz/$log and fuzz/artifacts/$target/" >&2
        grep -E 'panicked|ERROR|SUMMARY|Test unit written' "$log" | head -n 20 >&2 || true
    fi
done
exit $status
