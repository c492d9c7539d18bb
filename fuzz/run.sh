#!/bin/sh
# Runs every fuzz target for a fixed number of inputs (10.03 million in all), seeded from the
# shipped files, and prints one line per target: its inputs, seconds and outcome. Any crash
# stops the run and leaves the input in fuzz/artifacts/<target>/.
#   fuzz/run.sh            (needs: cargo install cargo-fuzz, and nightly Rust)
set -eu
cd "$(dirname "$0")"
./seed.sh > /dev/null
cargo +nightly fuzz build -O
total=0
for spec in profile:4000000 save:3500000 policy:2000000 mod_files:300000 level:200000 rules:30000; do
    t=${spec%%:*}
    n=${spec#*:}
    log="artifacts/$t.log"
    mkdir -p artifacts
    start=$(date +%s)
    if ! cargo +nightly fuzz run -O "$t" "corpus/$t" -- -runs="$n" -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 > "$log" 2>&1; then
        echo "$t: FAILED after $(( $(date +%s) - start )) s; see fuzz/$log"
        exit 1
    fi
    done_runs=$(grep -o 'Done [0-9]* runs' "$log" | grep -o '[0-9]*')
    total=$((total + done_runs))
    echo "$t: $done_runs inputs in $(( $(date +%s) - start )) s, no crash"
done
echo "total: $total inputs, no crash"
