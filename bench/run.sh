#!/usr/bin/env bash
# `make bench`: generates the benchmark files once (bench/data/, git-ignored), then runs
# Sluice's and DuckDB's CSV readers side by side on them, the 22 TPC-H queries over
# Sluice-written Parquet (bench/tpch_bench.cjs), and writes docs/BENCHMARKS.md.
#   bench/run.sh [BUILD_DIR]      env: BENCH_REPEAT (default 3), BENCH_SF (default 1),
#                                      BENCH_SPACE_BYTES (default 1G),
#                                      BENCH_PARQUET=0 (skip the Parquet convert/scan part),
#                                      BENCH_ONLY=tpch (only TPC-H: replaces just its section),
#                                      BENCH_ONLY=crawl (only the crawler: replaces its section),
#                                      BENCH_CRAWL=0 (skip the crawler benchmark),
#                                      BENCH_ONLY=dml (only managed-table writes vs DuckDB:
#                                        bench/dml_bench.sh, replaces its section),
#                                      BENCH_DML=0 (skip the managed-table benchmark),
#                                      BENCH_ONLY=jobs (only ETL jobs vs DuckDB and psql:
#                                        bench/jobs_bench.sh, replaces its section),
#                                      BENCH_JOBS=0 (skip the ETL jobs benchmark),
#                                      BENCH_TPCH=0 (skip TPC-H), BENCH_TPCH_SF (default 1),
#                                      BENCH_TPCH_TIMEOUT (seconds per query, default 600),
#                                      BENCH_OUTPUT (default docs/BENCHMARKS.md)
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
data=bench/data
sf=${BENCH_SF:-1}
space_bytes=${BENCH_SPACE_BYTES:-1G}
mkdir -p "$data"
output=${BENCH_OUTPUT:-docs/BENCHMARKS.md}
# The crawler benchmark: its own section of the output (bench/crawl_section.py).
crawl_section() {
  local log
  log=$(mktemp)
  bench/crawl_bench.sh "$build" | tee "$log"
  python3 bench/crawl_section.py "$output" "$log" "$(uname -srm), $(nproc) cores"
  rm -f "$log"
}
# Managed-table writes beside DuckDB: its own section (bench/dml_section.py).
dml_section() {
  local log
  log=$(mktemp)
  bench/dml_bench.sh "$build" | tee "$log"
  python3 bench/dml_section.py "$output" "$log"
  rm -f "$log"
}
# ETL jobs beside DuckDB and psql: its own section (bench/jobs_section.py).
jobs_section() {
  local log
  log=$(mktemp)
  bench/jobs_bench.sh "$build" | tee "$log"
  python3 bench/jobs_section.py "$output" "$log"
  rm -f "$log"
}
if [ "${BENCH_ONLY:-}" = dml ]; then
  dml_section
  exit 0
fi
if [ "${BENCH_ONLY:-}" = jobs ]; then
  jobs_section
  exit 0
fi
if [ "${BENCH_ONLY:-}" = crawl ]; then
  crawl_section
  exit 0
fi
if [ "${BENCH_ONLY:-}" = tpch ]; then
  # The TPC-H tables are generated and converted by bench/tpch_data.cjs.
  exec node bench/run.cjs "$build" "" "" "$output"
fi
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
  "$output"
if [ "${BENCH_CRAWL:-1}" != 0 ]; then crawl_section; fi
if [ "${BENCH_DML:-1}" != 0 ]; then dml_section; fi
if [ "${BENCH_JOBS:-1}" != 0 ]; then jobs_section; fi
