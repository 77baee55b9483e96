#!/usr/bin/env bash
# `make bench`: generates the benchmark files once (bench/data/, git-ignored), then runs
# Sluice's and DuckDB's CSV readers side by side on them and writes docs/BENCHMARKS.md.
#   bench/run.sh [BUILD_DIR]      env: BENCH_REPEAT (default 3), BENCH_SF (default 1),
#                                      BENCH_SPACE_BYTES (default 1G)
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
data=bench/data
sf=${BENCH_SF:-1}
space_bytes=${BENCH_SPACE_BYTES:-1G}
mkdir -p "$data"
if [ ! -f "$data/tpch-sf$sf/lineitem.tbl" ]; then
  echo "bench: generating TPC-H lineitem at SF $sf"
  "$build/sluice-datagen" tpch --sf "$sf" --tables lineitem --out "$data/tpch-sf$sf"
fi
if [ ! -f "$data/space_events_$space_bytes.csv" ]; then
  echo "bench: generating $space_bytes of space events (Redshift UNLOAD dialect)"
  "$build/sluice-datagen" space-events --bytes "$space_bytes" --seed 1 \
    --out "$data/space_events_$space_bytes.csv"
fi
node bench/run.cjs "$build" "$data/tpch-sf$sf/lineitem.tbl" "$data/space_events_$space_bytes.csv" \
  docs/BENCHMARKS.md
