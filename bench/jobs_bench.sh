#!/usr/bin/env bash
# ETL jobs beside DuckDB and psql: JOBS_BENCH_ROWS (default 10,000,000) space-occupancy
# events in JOBS_BENCH_FILES (10) CSV files in the Redshift UNLOAD dialect
# (bench/gen_space_events.py: '|', every field quoted, \N for NULL, a header line), then
#   lake      `sluice job run raw_events`: the drop zone's files → the `typed` step (casts,
#             event_date = the timestamp's day) → raw.space_events, Parquet partitioned by
#             event_date (30 days), mode overwrite_partitions; on a fresh lake each run
#             (files hard-linked into drop/). DuckDB (bench/jobs_bench.cjs): the same SELECT
#             over read_csv of the same files in one COPY … TO … (FORMAT parquet,
#             PARTITION_BY (event_date)).
#   postgres  `sluice job run pg_events`: the same source and step into a PostgreSQL table
#             (mode truncate_insert) on a throwaway server (scripts/pg-test-server.sh);
#             beside it psql's `\copy … FROM 'plain.csv'` of the same typed rows, written
#             once as one plain '|' CSV file (TRUNCATE before each run, not timed).
# each run BENCH_REPEAT (3) times, timed with /usr/bin/time (wall time and peak RSS of the
# process). After every run the answer is checked: per event_date count(*),
# sum(people_count) and sum(space_id) of the output (Parquet files or PostgreSQL table)
# must be the same for every engine, run and part, with ROWS rows in all; any difference
# fails the bench.
#
#   bench/jobs_bench.sh [BUILD_DIR] [WORK_DIR]     (defaults: build, a temporary folder)
# Env: JOBS_BENCH_ROWS (a multiple of JOBS_BENCH_FILES), JOBS_BENCH_FILES, JOBS_BENCH_THREADS
#      (default 2), BENCH_REPEAT, JOBS_BENCH_PG=0 (skip the PostgreSQL part). Prints one
#      `run …` line per measurement (bench/jobs_section.py reads them).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-build}" && pwd)
SLUICE="$BUILD/sluice"
ROWS=${JOBS_BENCH_ROWS:-10000000}
FILES=${JOBS_BENCH_FILES:-10}
THREADS=${JOBS_BENCH_THREADS:-2}
REPEAT=${BENCH_REPEAT:-3}
PG=${JOBS_BENCH_PG:-1}
DUCK=(node "$root/bench/jobs_bench.cjs")
kDataVersion=v1  # bump when bench/gen_space_events.py changes its output
if [ $((ROWS % FILES)) != 0 ]; then
  echo "jobs_bench: JOBS_BENCH_ROWS must be a multiple of JOBS_BENCH_FILES" >&2
  exit 2
fi
if [ "$PG" != 0 ] && ! command -v psql >/dev/null; then
  echo "jobs_bench: psql not found (scripts/install-deps.sh installs postgresql; JOBS_BENCH_PG=0 skips)" >&2
  exit 2
fi
WORK_OWNED=0
if [ -n "${2:-}" ]; then
  WORK=$2
  mkdir -p "$WORK"
else
  # Under /tmp: the PostgreSQL server user must reach the server's folder inside it.
  WORK=$(mktemp -d /tmp/sluice-jobs-bench.XXXXXX)
  WORK_OWNED=1
fi
WORK=$(cd "$WORK" && pwd)
chmod 0755 "$WORK"  # the PostgreSQL server user reaches its folder inside
SERVER_DIR=""
cleanup() {
  if [ -n "$SERVER_DIR" ]; then "$root/scripts/pg-test-server.sh" stop "$SERVER_DIR" 2>/dev/null || true; fi
  if [ "$WORK_OWNED" = 1 ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM  # exit runs the EXIT trap: the server never outlives the bench

for setting in rows=$ROWS files=$FILES threads=$THREADS repeat=$REPEAT; do
  echo "info $setting"
done
echo "info machine=$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(awk '/MemTotal/ {printf "%.0f GiB RAM", $2 / 1048576}' /proc/meminfo), $(uname -sr)"
echo "info sluice=$("$SLUICE" --version | head -1)"
echo "info duckdb=$(node -p "require('$root/peers/node_modules/@duckdb/node-api/package.json').version")"
echo "info load_start=$(cut -d' ' -f1-3 /proc/loadavg)"

# The drop zone's files, generated once (bench/data is git-ignored).
data="$root/bench/data/jobs/events-$kDataVersion-$ROWS-$FILES"
if [ ! -d "$data" ]; then
  rm -rf "$data.tmp"
  python3 "$root/bench/gen_space_events.py" "$ROWS" "$FILES" "$data.tmp"
  mv "$data.tmp" "$data"
fi
echo "info csv_mb=$(($(du -sb "$data" | cut -f1) / 1000000))"

# fail MESSAGE: stops the bench loudly.
fail() {
  echo "FAIL: jobs_bench: $*" >&2
  exit 1
}

# The job's source and step, shared by both jobs (bench/jobs_bench.cjs has the same SELECT).
job_head() {
  cat <<EOF
name: $1
sources:
  events: { path: drop/space_events/, format: csv, csv: { preset: redshift-unload, header: 'true' } }
steps:
  - name: typed
    sql: |
      SELECT company_id, space_id, CAST(event_ts AS timestamp) AS event_ts, people_count,
             CAST(CAST(event_ts AS timestamp) AS date) AS event_date
      FROM events
targets:
EOF
}

# new_lake DIR: a fresh lake whose drop/space_events/ holds the files (hard links).
new_lake() {
  rm -rf "$1"
  "$SLUICE" init "$1" >/dev/null
  mkdir -p "$1/drop/space_events" "$1/jobs"
  ln "$data"/*.csv "$1/drop/space_events/" 2>/dev/null || cp "$data"/*.csv "$1/drop/space_events/"
  { job_head raw_events
    echo "  - { from: typed, table: raw.space_events, partition_by: [event_date], mode: overwrite_partitions }"
  } >"$1/jobs/raw_events.yaml"
}

# digest: the per-day answer lines on stdin → "answer=<md5> count=… people=…".
digest() {
  python3 -c '
import hashlib, sys
lines = [l.strip() for l in sys.stdin if l.strip()]
count = sum(int(l.split(",")[1]) for l in lines)
people = sum(int(l.split(",")[2]) for l in lines)
md5 = hashlib.md5("\n".join(lines).encode()).hexdigest()[:12]
print(f"answer={md5} days={len(lines)} count={count} people={people}")'
}

# expect ANSWER: the row count must be ROWS, and every answer (both parts, every engine,
# every run) the same as the first.
expect() {
  local answer=$1
  case "$answer" in
    *" count=$ROWS "*) ;;
    *) fail "expected $ROWS rows, got: $answer" ;;
  esac
  if [ ! -f "$WORK/rows.answer" ]; then echo "$answer" >"$WORK/rows.answer"; fi
  if [ "$(cat "$WORK/rows.answer")" != "$answer" ]; then
    fail "answers differ: $(cat "$WORK/rows.answer") vs $answer"
  fi
}

# rows_written OUT: the rows the `sluice job run -q` line reports.
rows_written() {
  sed -n 's/.* \([0-9][0-9]*\) rows written.*/\1/p' "$1" | head -1
}

# sluice_lake REP: one timed job run on a fresh lake, then its answer.
sluice_lake() {
  local rep=$1 lake="$WORK/lake-$1"
  new_lake "$lake"
  local out="$WORK/sluice-lake-$rep.out" timing="$WORK/sluice-lake-$rep.time"
  /usr/bin/time -o "$timing" -f '%e %M' "$SLUICE" --threads "$THREADS" job run raw_events \
    --lake "$lake" -q >"$out" 2>&1 || { cat "$out" >&2; fail "lake: sluice job run failed"; }
  local wall rss answer table="$lake/raw/space_events"
  read -r wall rss <"$timing"
  answer=$("$SLUICE" query --lake "$lake" --format csv --no-header \
    "SELECT CAST(event_date AS varchar), count(*), sum(people_count), sum(space_id) FROM raw.space_events GROUP BY 1 ORDER BY 1" | digest)
  expect "$answer"
  echo "run lake sluice $rep wall=$wall rss_kb=$rss inproc=- rows=$(rows_written "$out") files=$(find "$table" -name '*.parquet' | wc -l) mb=$(($(du -sb "$table" | cut -f1) / 1000000)) $answer"
  rm -rf "$lake"
}

# duck_lake REP: one timed node process doing the COPY, then its answer.
duck_lake() {
  local rep=$1 out_dir="$WORK/duck-lake"
  rm -rf "$out_dir"
  local timing="$WORK/duck-lake-$rep.time" json
  json=$(/usr/bin/time -o "$timing" -f '%e %M' "${DUCK[@]}" copy "$THREADS" "$data/*.csv" "$out_dir") ||
    fail "lake: duckdb failed"
  local wall rss seconds answer
  read -r wall rss <"$timing"
  seconds=$(node -p "JSON.parse(process.argv[1]).seconds.toFixed(3)" "$json")
  answer=$("${DUCK[@]}" check "$THREADS" "$out_dir/*/*.parquet" |
    node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8")).answer + "\n")' | digest)
  expect "$answer"
  echo "run lake duckdb $rep wall=$wall rss_kb=$rss inproc=$seconds rows=- files=$(find "$out_dir" -name '*.parquet' | wc -l) mb=$(($(du -sb "$out_dir" | cut -f1) / 1000000)) $answer"
  rm -rf "$out_dir"
}

for rep in $(seq "$REPEAT"); do
  sluice_lake "$rep"
  duck_lake "$rep"
done

if [ "$PG" = 0 ]; then
  echo "info load_end=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "jobs_bench: every answer equal (per event_date count(*), sum(people_count), sum(space_id)); PostgreSQL part skipped"
  exit 0
fi

# The psql side's input: the typed rows as one plain CSV file, written once.
plain="$root/bench/data/jobs/plain-$kDataVersion-$ROWS-$FILES.csv"
if [ ! -f "$plain" ]; then
  "${DUCK[@]}" plain "$THREADS" "$data/*.csv" "$plain.tmp.csv" >/dev/null
  mv "$plain.tmp.csv" "$plain"
fi
echo "info plain_mb=$(($(stat -c %s "$plain") / 1000000))"

SERVER_DIR="$WORK/pg"
URL=$(cd / && "$root/scripts/pg-test-server.sh" start "$SERVER_DIR") || fail "could not start the PostgreSQL test server"
PSQL=(psql -X -q -v ON_ERROR_STOP=1 "$URL")
echo "info postgres=$("${PSQL[@]}" -At -c 'SHOW server_version' | cut -d' ' -f1)"
# The server reads the plain file through psql (\copy), so the server user needs no access.

pg_lake="$WORK/lake-pg"
new_lake "$pg_lake"
sed -i "s|^connections: {}|connections: { bench: { url: \"$URL\" } }|" "$pg_lake/sluice.yaml"
grep -q '^connections: { bench' "$pg_lake/sluice.yaml" || fail "could not add the connection to sluice.yaml"
{ job_head pg_events
  echo "  - { from: typed, connection: bench, postgres_table: public.space_events, mode: truncate_insert }"
} >"$pg_lake/jobs/pg_events.yaml"

# pg_answer TABLE: the per-day answer of a PostgreSQL table, as digest prints it.
pg_answer() {
  "${PSQL[@]}" -At -c "SELECT event_date || ',' || count(*) || ',' || sum(people_count) || ',' || sum(space_id) FROM $1 GROUP BY event_date ORDER BY event_date" | digest
}

for rep in $(seq "$REPEAT"); do
  out="$WORK/sluice-pg-$rep.out" timing="$WORK/sluice-pg-$rep.time"
  /usr/bin/time -o "$timing" -f '%e %M' "$SLUICE" --threads "$THREADS" job run pg_events \
    --lake "$pg_lake" -q >"$out" 2>&1 || { cat "$out" >&2; fail "postgres: sluice job run failed"; }
  read -r wall rss <"$timing"
  answer=$(pg_answer public.space_events)
  expect "$answer"
  echo "run postgres sluice $rep wall=$wall rss_kb=$rss inproc=- rows=$(rows_written "$out") files=- mb=- $answer"
  if [ "$rep" = 1 ]; then
    "${PSQL[@]}" -c 'CREATE TABLE public.space_events_copy (LIKE public.space_events)'
    echo "info pg_types=$("${PSQL[@]}" -At -c "SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'space_events'")"
  fi
  "${PSQL[@]}" -c 'TRUNCATE public.space_events_copy'
  timing="$WORK/psql-$rep.time"
  /usr/bin/time -o "$timing" -f '%e %M' "${PSQL[@]}" \
    -c "\\copy public.space_events_copy FROM '$plain' WITH (FORMAT csv, DELIMITER '|', NULL '\\N', HEADER)" ||
    fail "postgres: psql \\copy failed"
  read -r wall rss <"$timing"
  answer=$(pg_answer public.space_events_copy)
  expect "$answer"
  echo "run postgres psql $rep wall=$wall rss_kb=$rss inproc=- rows=$ROWS files=- mb=- $answer"
done
echo "info pg_table_mb=$(("$("${PSQL[@]}" -At -c "SELECT pg_table_size('public.space_events')")" / 1000000))"
echo "info load_end=$(cut -d' ' -f1-3 /proc/loadavg)"
echo "jobs_bench: every answer equal (per event_date count(*), sum(people_count), sum(space_id) of the Parquet outputs and the PostgreSQL tables)"
