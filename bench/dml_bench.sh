#!/usr/bin/env bash
# Managed-table writes beside DuckDB: a table of DML_BENCH_ROWS rows (default 5,000,000;
# columns id bigint, v double, s varchar, g integer; 10 partitions on g = id % 10) in a
# lake, then
#   ctas      CREATE TABLE t WITH (partitioned_by = ARRAY['g']) AS SELECT … FROM read_parquet(source)
#   delete    DELETE FROM t WHERE id % 100 >= 90         (10% of the rows, in every partition)
#   update    UPDATE t SET v = v + 1 WHERE id % 100 < 10 (10% of the rows, in every partition)
#   drop      DELETE FROM t WHERE g = 7                  (one whole partition)
#   inserts   DML_BENCH_INSERTS (200) single-row INSERT … VALUES in one `sluice query -`
#   optimize  OPTIMIZE t after those inserts
# each run BENCH_REPEAT (3) times on a fresh copy (cp -a) of a lake prepared once, timed
# with /usr/bin/time (wall time and peak RSS of the process). DuckDB (bench/dml_bench.cjs,
# one node process per operation) does the same copy-on-write work by hand on the same
# Parquet files: COPY (the remaining or changed rows) TO a new PARTITION_BY (g) folder;
# the inserts are single-row COPY … TO files in the partition folders. After every run
# count(*), sum(v) and sum(id) of the result are compared between the engines and with
# the expected row count; any difference fails the bench.
#
#   bench/dml_bench.sh [BUILD_DIR] [WORK_DIR]     (defaults: build, a temporary folder)
# Env: DML_BENCH_ROWS (a multiple of 100), DML_BENCH_INSERTS, DML_BENCH_THREADS (default 2),
#      BENCH_REPEAT. Prints one `run …` line per measurement (bench/dml_section.py reads them).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-build}" && pwd)
SLUICE="$BUILD/sluice"
ROWS=${DML_BENCH_ROWS:-5000000}
INSERTS=${DML_BENCH_INSERTS:-200}
THREADS=${DML_BENCH_THREADS:-2}
REPEAT=${BENCH_REPEAT:-3}
DUCK=(node "$root/bench/dml_bench.cjs")
if [ $((ROWS % 100)) != 0 ]; then
  echo "dml_bench: DML_BENCH_ROWS must be a multiple of 100" >&2
  exit 2
fi
if [ -n "${2:-}" ]; then
  WORK=$2
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
fi
WORK=$(cd "$WORK" && pwd)

for setting in rows=$ROWS inserts=$INSERTS threads=$THREADS repeat=$REPEAT; do
  echo "info $setting"
done
echo "info machine=$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(awk '/MemTotal/ {printf "%.0f GiB RAM", $2 / 1048576}' /proc/meminfo), $(uname -sr)"
echo "info sluice=$("$SLUICE" --version | head -1)"
echo "info duckdb=$(node -p "require('$root/peers/node_modules/@duckdb/node-api/package.json').version")"
echo "info load_start=$(cut -d' ' -f1-3 /proc/loadavg)"

# The source rows, generated once (bench/data is git-ignored).
source_file="$root/bench/data/dml/source-$ROWS.parquet"
if [ ! -f "$source_file" ]; then
  mkdir -p "$(dirname "$source_file")"
  "${DUCK[@]}" gen "$THREADS" "$ROWS" "$source_file.tmp" >/dev/null
  mv "$source_file.tmp" "$source_file"
fi
echo "info source_mb=$(($(stat -c %s "$source_file") / 1000000))"

# The INSERT session: the same rows as bench/dml_bench.cjs appends.
python3 - "$ROWS" "$INSERTS" >"$WORK/inserts.sql" <<'EOF'
import sys
rows, count = int(sys.argv[1]), int(sys.argv[2])
for i in range(count):
    print(f"INSERT INTO t VALUES ({rows + i}, {i * 0.5!r}, 'insert-{i}', {i % 10});")
EOF

# Normalizes an answer to "count=… sum_v=… sum_id=…": sluice's CSV line or DuckDB's JSON.
normalize() {
  python3 -c '
import json, sys
text = sys.stdin.read().strip()
if text.startswith("{"):
    d = json.loads(text)
    c, v, i = d["count"], d["sum_v"], d["sum_id"]
else:
    c, v, i = text.split(",")
print(f"count={int(c)} sum_v={float(v)!r} sum_id={int(i)}")'
}

# sluice_check LAKE: count(*), sum(v), sum(id) of t, normalized.
sluice_check() {
  "$SLUICE" query --lake "$1" --format csv --no-header "SELECT count(*), sum(v), sum(id) FROM t" | normalize
}

# duck_check GLOB…: the same over Parquet files with g=K folders.
duck_check() {
  "${DUCK[@]}" check "$THREADS" "$@" | normalize
}

# files_written BEFORE_DIR AFTER_DIR: Parquet files under AFTER_DIR that BEFORE_DIR lacks.
files_written() {
  comm -13 <(cd "$1" 2>/dev/null && find . -name '*.parquet' | sort) \
           <(cd "$2" && find . -name '*.parquet' | sort) | wc -l
}

# fail MESSAGE: stops the bench loudly.
fail() {
  echo "FAIL: dml_bench: $*" >&2
  exit 1
}

# expect OP ANSWER EXPECTED_COUNT: the row count must be the expected one, and every
# answer for OP (both engines, every run) the same as the first.
expect() {
  local op=$1 answer=$2 count=$3
  case "$answer" in
    "count=$count "*) ;;
    *) fail "$op: expected $count rows, got: $answer" ;;
  esac
  if [ ! -f "$WORK/$op.answer" ]; then echo "$answer" >"$WORK/$op.answer"; fi
  if [ "$(cat "$WORK/$op.answer")" != "$answer" ]; then
    fail "$op: answers differ: $(cat "$WORK/$op.answer") vs $answer"
  fi
}

# sluice_run OP REP FROM_LAKE EXPECTED_COUNT SQL|-: copies FROM_LAKE to a fresh lake, runs
# the statement(s) (- : the INSERT session) in one timed `sluice query`, checks the answer.
sluice_run() {
  local op=$1 rep=$2 from=$3 expected=$4 sql=$5
  local lake="$WORK/sluice-$op-$rep"
  rm -rf "$lake"
  cp -a "$from" "$lake"
  local out="$WORK/sluice-$op-$rep.out" timing="$WORK/sluice-$op-$rep.time"
  if [ "$sql" = - ]; then
    /usr/bin/time -o "$timing" -f '%e %M' "$SLUICE" --threads "$THREADS" query --lake "$lake" \
      --format csv --no-header - <"$WORK/inserts.sql" >"$out" || fail "$op: sluice failed"
  else
    /usr/bin/time -o "$timing" -f '%e %M' "$SLUICE" --threads "$THREADS" query --lake "$lake" \
      --format csv --no-header "$sql" >"$out" || fail "$op: sluice failed"
  fi
  local wall rss changed answer written
  read -r wall rss <"$timing"
  changed=$(awk '{ n += $1 } END { print n + 0 }' "$out")
  answer=$(sluice_check "$lake")
  expect "$op" "$answer" "$expected"
  written=$(files_written "$from/default/t" "$lake/default/t")
  echo "run $op sluice $rep wall=$wall rss_kb=$rss inproc=- rows=$changed files=$written $answer"
}

# duck_run OP REP EXPECTED_COUNT OUT_DIR CHECK_GLOBS ARGS…: one timed node process
# (`node bench/dml_bench.cjs OP THREADS ARGS…`; OP inserts runs its appends), then the
# answer over CHECK_GLOBS (space-separated) is checked.
duck_run() {
  local op=$1 rep=$2 expected=$3 out_dir=$4 globs=$5
  shift 5
  rm -rf "$out_dir"
  local node_op=$op
  if [ "$op" = inserts ]; then node_op=appends; fi
  local timing="$WORK/duck-$op-$rep.time" json
  json=$(/usr/bin/time -o "$timing" -f '%e %M' "${DUCK[@]}" "$node_op" "$THREADS" "$@") ||
    fail "$op: duckdb failed"
  local wall rss seconds answer
  read -r wall rss <"$timing"
  seconds=$(node -p "JSON.parse(process.argv[1]).seconds.toFixed(3)" "$json")
  local -a list
  read -r -a list <<<"$globs"  # a space-separated list of globs, expanded by DuckDB
  answer=$(duck_check "${list[@]}")
  expect "$op" "$answer" "$expected"
  echo "run $op duckdb $rep wall=$wall rss_kb=$rss inproc=$seconds rows=- files=- $answer"
}

empty="$WORK/empty"
rm -rf "$empty"
"$SLUICE" init "$empty" >/dev/null
tenth=$((ROWS / 10))
ctas_sql="CREATE TABLE t WITH (format = 'PARQUET', partitioned_by = ARRAY['g']) AS SELECT id, v, s, g FROM read_parquet('$source_file')"

for rep in $(seq "$REPEAT"); do
  sluice_run ctas "$rep" "$empty" "$ROWS" "$ctas_sql"
  duck_run ctas "$rep" "$ROWS" "$WORK/duck-ctas" "$WORK/duck-ctas/g=*/*.parquet" \
    "$source_file" "$WORK/duck-ctas"
  if [ "$rep" != 1 ]; then rm -rf "$WORK/sluice-ctas-$rep"; fi
done
# The table every later operation starts from: Sluice's, read by DuckDB too.
base="$WORK/base"
rm -rf "$base"
mv "$WORK/sluice-ctas-1" "$base"
echo "info table_mb=$(($(du -sb "$base/default/t" | cut -f1) / 1000000))"
table_glob="$base/default/t/g=*/*.parquet"

for op in delete update drop; do
  case $op in
    delete) sql="DELETE FROM t WHERE id % 100 >= 90"; expected=$((ROWS - tenth)) ;;
    update) sql="UPDATE t SET v = v + 1 WHERE id % 100 < 10"; expected=$ROWS ;;
    drop) sql="DELETE FROM t WHERE g = 7"; expected=$((ROWS - tenth)) ;;
  esac
  for rep in $(seq "$REPEAT"); do
    sluice_run "$op" "$rep" "$base" "$expected" "$sql"
    rm -rf "$WORK/sluice-$op-$rep"
    duck_run "$op" "$rep" "$expected" "$WORK/duck-$op" "$WORK/duck-$op/g=*/*.parquet" \
      "$table_glob" "$WORK/duck-$op"
  done
done

for rep in $(seq "$REPEAT"); do
  sluice_run inserts "$rep" "$base" $((ROWS + INSERTS)) -
  duck_run inserts "$rep" $((ROWS + INSERTS)) "$WORK/duck-appends-$rep" \
    "$table_glob $WORK/duck-appends-$rep/g=*/*.parquet" "$ROWS" "$INSERTS" "$WORK/duck-appends-$rep"
done

inserted="$WORK/sluice-inserts-1"
echo "info files_after_inserts=$(find "$inserted/default/t" -name '*.parquet' | wc -l)"
appended_glob="$WORK/duck-appends-1/g=*/*.parquet"
for rep in $(seq "$REPEAT"); do
  sluice_run optimize "$rep" "$inserted" $((ROWS + INSERTS)) "OPTIMIZE t"
  echo "info files_after_optimize=$(find "$WORK/sluice-optimize-$rep/default/t" -name '*.parquet' | wc -l)"
  rm -rf "$WORK/sluice-optimize-$rep"
  duck_run optimize "$rep" $((ROWS + INSERTS)) "$WORK/duck-optimize" "$WORK/duck-optimize/g=*/*.parquet" \
    "$table_glob" "$appended_glob" "$WORK/duck-optimize"
done
echo "info load_end=$(cut -d' ' -f1-3 /proc/loadavg)"
echo "dml_bench: every answer equal (count(*), sum(v), sum(id), Sluice vs DuckDB)"
