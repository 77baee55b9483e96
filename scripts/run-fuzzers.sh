#!/usr/bin/env bash
# Runs every libFuzzer target in BUILD_DIR/fuzz for SECONDS each, with its seed
# corpus from fuzz/corpus/<name>/ (copied, so runs do not modify the repo; the SQL
# parser also gets tests/sql/tpch/*.sql).
# Fails if any target crashes, leaks or times out.
set -euo pipefail
build_dir=${1:-build-fuzz}
seconds=${2:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for target in "$build_dir"/fuzz/*_fuzz; do
  [ -x "$target" ] || continue
  name=$(basename "$target")
  corpus="$work/$name"
  mkdir -p "$corpus"
  if [ -d "$root/fuzz/corpus/$name" ]; then cp -r "$root/fuzz/corpus/$name/." "$corpus/"; fi
  # The SQL parser also starts from the TPC-H queries the tests use.
  if [ "$name" = sql_parser_fuzz ]; then cp "$root"/tests/sql/tpch/*.sql "$corpus/"; fi
  echo "fuzz: $name for ${seconds}s"
  if ! "$target" "$corpus" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 \
      -timeout=10 -print_final_stats=1 -artifact_prefix="$work/$name-" >"$work/$name.log" 2>&1; then
    echo "fuzz: $name FAILED"; tail -40 "$work/$name.log"
    mkdir -p "$root/build-fuzz/artifacts" && cp "$work/$name"-* "$root/build-fuzz/artifacts/" 2>/dev/null || true
    status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "$work/$name.log" | tail -2
  fi
done
exit $status
