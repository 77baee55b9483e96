#!/usr/bin/env bash
# The quickstart behind `make demo`: generates space-occupancy events in the Redshift
# UNLOAD dialect, shows what Sluice detects in them, converts them to JSON lines and
# back, and checks that the round trip reproduces the input byte for byte.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
sluice="$build/sluice"
datagen="$build/sluice-datagen"
out="$build/demo"
rows=${DEMO_ROWS:-500000}
mkdir -p "$out"

columns="event_id,company_id,building_id,space_id,event_ts,people_count,device_id,note"

echo "== 1. Generate $rows space-occupancy events as Redshift UNLOAD output (gzip-compressed)"
"$datagen" space-events --rows "$rows" --seed 42 --null-share 0.05 \
  --out "$out/space_events.csv" --json "$out/space_events.expected.jsonl"
gzip -c -1 "$out/space_events.csv" > "$out/unload_0000_part_00.gz"
ls -l "$out/space_events.csv" "$out/unload_0000_part_00.gz" | awk '{print "   " $5 " bytes  " $9}'
echo "   a few raw lines:"
head -c 600 "$out/space_events.csv" | sed 's/^/   | /'
echo

echo "== 2. What Sluice detects (no options given: dialect, header and types are sniffed)"
"$sluice" schema "$out/unload_0000_part_00.gz"
echo

echo "== 3. Convert to JSON lines (names given with --columns)"
"$sluice" convert "$out/unload_0000_part_00.gz" "$out/space_events.jsonl" \
  --preset redshift-unload --columns "$columns"
head -3 "$out/space_events.jsonl" | sed 's/^/   /'
echo

echo "== 4. Convert the JSON lines back to the Redshift UNLOAD dialect"
"$sluice" convert "$out/space_events.jsonl" "$out/space_events.roundtrip.csv" \
  --preset redshift-unload
echo

echo "== 5. Land it as Parquet: one file, and a Hive-partitioned tree by company"
"$sluice" convert "$out/space_events.jsonl" "$out/space_events.parquet" --compression zstd
rm -rf "$out/space_events_by_company"
"$sluice" convert "$out/space_events.jsonl" "$out/space_events_by_company" --to parquet \
  --partition-by company_id
ls "$out/space_events_by_company" | sed -n '1,4s/^/   /p'
"$sluice" schema "$out/space_events.parquet" > "$out/space_events.parquet.txt"
head -14 "$out/space_events.parquet.txt" | sed 's/^/   /'
"$sluice" convert "$out/space_events.parquet" "$out/space_events.from_parquet.csv" \
  --preset redshift-unload --quiet
echo

echo "== 6. A lake: land the events by day in the drop zone, crawl them into the catalog, query"
lake="$out/lake"
rm -rf "$lake"
"$sluice" init "$lake" > /dev/null
echo "   sluice init $lake   (zones drop/raw/curated, catalog in $lake/.sluice/catalog.db)"
"$sluice" query --format csv --no-header "COPY (SELECT *, CAST(event_ts AS DATE) AS event_date
  FROM read_json('$out/space_events.jsonl')) TO '$lake/drop/space_events'
  (FORMAT json, PARTITION_BY (event_date), COMPRESSION gzip)" > /dev/null
echo "   landed $(ls "$lake/drop/space_events" | wc -l) event_date=… folders of gzip JSON lines under drop/space_events/"
"$sluice" crawl --lake "$lake" drop | sed 's/^/   /'
"$sluice" catalog --lake "$lake" describe raw.space_events | sed -n '1,12s/^/   /p'
echo "   a second crawl reads nothing that did not change:"
"$sluice" crawl --lake "$lake" drop | tail -1 | sed 's/^/   /'
day=$("$sluice" query --lake "$lake" --format csv --no-header \
  "SELECT min(event_date) + INTERVAL '74' DAY FROM raw.space_events")
query="SELECT count(*) AS events, sum(people_count) AS people FROM raw.space_events WHERE event_date = DATE '$day'"
echo "   $query"
"$sluice" query --lake "$lake" "$query" | sed 's/^/   /'
"$sluice" query --lake "$lake" --format csv --no-header "EXPLAIN $query" | grep -o 'partitions=[0-9]*/[0-9]*' \
  | sed 's/^/   the scan reads one partition: /'
"$sluice" query --lake "$lake" --format csv --no-header "EXPLAIN $query" | grep -q 'partitions=1/' \
  || { echo "   PARTITION PRUNING MISSING"; exit 1; }
echo

echo "== 7. Managed tables: a script of CREATE TABLE / INSERT / UPDATE / DELETE in one session"
cat > "$out/companies.sql" <<'SQL'
CREATE TABLE companies (company_id integer NOT NULL, name varchar NOT NULL, tier varchar)
  WITH (format = 'PARQUET', write_compression = 'ZSTD');
INSERT INTO companies SELECT DISTINCT company_id, 'company ' || CAST(company_id AS varchar), 'standard'
  FROM raw.space_events WHERE company_id IS NOT NULL;
UPDATE companies SET tier = 'gold' WHERE company_id IN
  (SELECT company_id FROM raw.space_events WHERE company_id IS NOT NULL
   GROUP BY company_id ORDER BY sum(people_count) DESC LIMIT 3);
DELETE FROM companies WHERE tier = 'standard' AND company_id > 15;
SELECT tier, count(*) AS companies FROM companies GROUP BY tier ORDER BY tier;
SQL
sed 's/^/   /' "$out/companies.sql"
"$sluice" query - --lake "$lake" < "$out/companies.sql" | sed 's/^/   /'
gold=$("$sluice" query --lake "$lake" --format csv --no-header "SELECT count(*) FROM companies WHERE tier = 'gold'")
[ "$gold" = 3 ] || { echo "   EXPECTED 3 GOLD COMPANIES, GOT $gold"; exit 1; }
echo "   default.companies lives in $lake/default/companies/; SHOW CREATE TABLE recreates it:"
"$sluice" query --lake "$lake" --format tsv --no-header "SHOW CREATE TABLE companies" | sed 's/^/   /'
echo

echo "== 8. Summary"
if cmp -s "$out/space_events.csv" "$out/space_events.roundtrip.csv"; then
  echo "   UNLOAD → JSON lines → UNLOAD reproduces the input byte for byte ($(wc -c < "$out/space_events.csv") bytes)."
else
  echo "   ROUND TRIP DIFFERS"; cmp "$out/space_events.csv" "$out/space_events.roundtrip.csv" || true; exit 1
fi
if cmp -s "$out/space_events.csv" "$out/space_events.from_parquet.csv"; then
  echo "   UNLOAD → JSON lines → Parquet → UNLOAD reproduces the input byte for byte too."
else
  echo "   PARQUET ROUND TRIP DIFFERS"; exit 1
fi
if cmp -s "$out/space_events.jsonl" "$out/space_events.expected.jsonl"; then
  echo "   The JSON lines hold exactly the generated values (byte-identical to the generator's rendering)."
else
  echo "   JSON LINES DIFFER FROM THE GENERATED VALUES"; exit 1
fi
echo "   Files are in $out/. Next: build/sluice help"
echo

# ---------------------------------------------------------------------------------
# Steps 9–12: our users' ETL pipeline, end to end, with the job specs of
# examples/jobs/: drop zone → crawl → raw Parquet by event date → hourly occupancy in
# UTC → PostgreSQL (when a server can be started) → the busiest spaces; then one more
# day lands and everything re-runs, reading only the new files.
pipeline="$out/pipeline"
first_days="2024-06-03 2024-06-04 2024-06-05 2024-06-06 2024-06-07 2024-06-08 2024-06-09"
next_day=2024-06-10
pg_dir=""
pg_url=""
pipeline_stop_pg() {
  if [ -n "$pg_dir" ]; then "$root/scripts/pg-test-server.sh" stop "$pg_dir" >/dev/null 2>&1 || true; fi
}
trap pipeline_stop_pg EXIT

# lake_value SQL: the one value a query over the pipeline lake returns.
lake_value() { "$sluice" query --lake "$pipeline" --format csv --no-header "$1"; }
# run_job NAME [--arg k=v]…: runs a job of the lake, prints its run line, sets job_run_id.
run_job() {
  local line
  line=$("$sluice" job run "$@" --lake "$pipeline" 2>"$out/job.log") \
    || { sed 's/^/   | /' "$out/job.log"; echo "   JOB $1 FAILED"; exit 1; }
  echo "   \$ sluice job run $*"
  echo "     $line"
  job_run_id=${line#run }
  job_run_id=${job_run_id%% *}
}
# run_detail RUN_ID JSON_PATH: a value from `sluice job show RUN_ID --format json`'s
# details, read back with Sluice's own JSON functions.
run_detail() {
  "$sluice" job show "$1" --lake "$pipeline" --format json | tr -d '\n' > "$out/run.jsonl"
  echo >> "$out/run.jsonl"
  "$sluice" query --format csv --no-header \
    "SELECT json_extract_scalar(details, '$2') FROM read_json('$out/run.jsonl')"
}
# partitions DB.TABLE: a table's partitions with their files and rows, from the catalog.
partitions() {
  "$sluice" catalog --lake "$pipeline" partitions "$1" --format csv \
    | awk -F, '{ printf "     %-12s %6s %6s\n", $1, $3, $5 }'
}
# expect WHAT GOT WANT: fails the demo when GOT differs from WANT.
expect() {
  [ "$2" = "$3" ] || { echo "   WRONG: $1 is '$2', expected '$3'"; exit 1; }
}
# check_totals: every landed event is in raw once, and curated (and PostgreSQL) hold
# the same people as raw.
check_totals() {
  local landed raw distinct raw_people cur_people cur_rows pg_rows pg_people
  landed=$(lake_value "SELECT count(*) FROM \"drop\".space_events")
  raw=$(lake_value "SELECT count(*) FROM raw.space_events")
  distinct=$(lake_value "SELECT count(DISTINCT event_id) FROM raw.space_events")
  expect "raw.space_events' rows" "$raw" "$landed"
  expect "raw.space_events' distinct event_id" "$distinct" "$landed"
  raw_people=$(lake_value "SELECT sum(people_count) FROM raw.space_events
    WHERE company_id IS NOT NULL AND space_id IS NOT NULL")
  cur_people=$(lake_value "SELECT sum(people) FROM curated.agg_hourly_space")
  expect "curated.agg_hourly_space's people" "$cur_people" "$raw_people"
  echo "   drop.space_events: $landed events; raw.space_events: $raw rows, $distinct distinct event_id;"
  echo "   people: $raw_people in raw (rows with company and space) = $cur_people in curated.agg_hourly_space"
  if [ -n "$pg_url" ]; then
    cur_rows=$(lake_value "SELECT count(*) FROM curated.agg_hourly_space")
    read -r pg_rows pg_people < <(psql -X -A -t -F ' ' "$pg_url" \
      -c "SELECT count(*), sum(people) FROM public.agg_hourly_space")
    expect "PostgreSQL's public.agg_hourly_space rows" "$pg_rows" "$cur_rows"
    expect "PostgreSQL's public.agg_hourly_space people" "$pg_people" "$cur_people"
    echo "   psql: public.agg_hourly_space holds $pg_rows rows, $pg_people people = curated.agg_hourly_space"
  fi
}

echo "== 9. A pipeline: Redshift UNLOAD files land by day in a drop zone and are crawled"
rm -rf "$pipeline" "$out/landings"
"$sluice" init "$pipeline" > /dev/null
# raw/ and curated/ are written by the jobs, so the drop zone's crawler keeps its table
# in the drop database: drop.space_events (a reserved word in SQL: "drop".space_events).
cat > "$pipeline/sluice.yaml" <<'YAML'
# The demo pipeline's lake (scripts/demo.sh). docs/LAKE.md describes every key.
name: pipeline
zones: [drop, raw, curated]
crawlers:
  - name: drop_space_events      # `sluice crawl drop_space_events`
    path: drop/space_events      # landed=YYYY-MM-DD/NNNN_part_NN.gz, one folder a day
    database: drop               # → drop.space_events; the jobs write raw and curated
    csv: { preset: redshift-unload }
YAML
mkdir -p "$pipeline/jobs"
cp "$root"/examples/jobs/*.yaml "$pipeline/jobs/"
echo "   sluice init $pipeline; jobs/ holds examples/jobs/*.yaml; the crawler drop_space_events"
echo "   turns drop/space_events/ into drop.space_events (CSV, Redshift UNLOAD dialect)"
# A year of events from the generator; a day's landing is the events whose local time
# (the buildings' clocks, America/Los_Angeles) falls on that day, written as UNLOAD
# writes them — one gzip file per slice, every value as the generator wrote it.
"$datagen" space-events --rows "${DEMO_PIPELINE_ROWS:-1000000}" --seed 2024 --null-share 0.02 \
  --out "$out/pipeline_events.csv"
"$sluice" query --format csv --no-header "COPY (SELECT *, substr(column4, 1, 10) AS day,
  CAST(column0 AS bigint) % 2 AS slice
  FROM read_csv('$out/pipeline_events.csv', preset => 'redshift-unload', all_varchar => true)
  WHERE substr(column4, 1, 10) BETWEEN '2024-06-03' AND '$next_day')
  TO '$out/landings' (FORMAT csv, PRESET 'redshift-unload', COMPRESSION gzip, PARTITION_BY (day, slice))" > /dev/null
rm -f "$out/pipeline_events.csv"
# land DAY: moves the day's two UNLOAD files into the drop zone.
land() {
  local dir="$pipeline/drop/space_events/landed=$1" slice
  mkdir -p "$dir"
  for slice in 0 1; do mv "$out/landings/day=$1/slice=$slice/"*.csv.gz "$dir/000${slice}_part_00.gz"; done
}
for day in $first_days; do land "$day"; done
echo "   landed 7 days (2024-06-03 … 2024-06-09), 2 files a day:"
(cd "$pipeline" && ls drop/space_events/landed=2024-06-03/* | sed 's/^/     /')
"$sluice" crawl --lake "$pipeline" drop_space_events | sed 's/^/   /'
echo

echo "== 10. Jobs: raw_space_events (typed, UTC, by event date), agg_hourly_space (hourly per space)"
run_job raw_space_events
raw_first=$job_run_id
echo "   its catalog partitions, added in the run's commit (sluice catalog partitions raw.space_events):"
partitions raw.space_events
echo "   the buildings' local time → UTC (normalize_time_zone): a Californian evening is the next UTC day"
"$sluice" query --lake "$pipeline" "SELECT d.column0 AS event_id, d.column4 AS landed_local_ts,
  r.event_ts AS raw_utc_ts, r.event_date FROM \"drop\".space_events d JOIN raw.space_events r
  ON r.event_id = d.column0 WHERE d.column4 >= TIMESTAMP '2024-06-04 16:59:40'
  ORDER BY d.column4 LIMIT 3" | sed 's/^/   /'
shifted=$(lake_value "SELECT count(*) FROM \"drop\".space_events d JOIN raw.space_events r
  ON r.event_id = d.column0 WHERE r.event_ts <> d.column4 + INTERVAL '7' HOUR")
expect "events not moved by exactly 7 hours (PDT → UTC)" "$shifted" 0
run_job agg_hourly_space --arg since=2024-06-03
# A throwaway local PostgreSQL server (scripts/pg-test-server.sh) when PostgreSQL is
# installed; DEMO_POSTGRES=0 skips it.
pg_reason=""
if [ "${DEMO_POSTGRES:-1}" = 0 ]; then
  pg_reason="DEMO_POSTGRES=0"
elif ! command -v psql > /dev/null; then
  pg_reason="psql is not installed; scripts/install-deps.sh installs PostgreSQL"
else
  pg_dir=$(mktemp -d /tmp/sluice-demo-pg.XXXXXX)
  if ! pg_url=$("$root/scripts/pg-test-server.sh" start "$pg_dir" 2>"$out/pg.log"); then
    pg_reason="scripts/pg-test-server.sh: $(tail -1 "$out/pg.log")"
    rm -rf "$pg_dir"
    pg_dir=""
    pg_url=""
  fi
fi
if [ -n "$pg_url" ]; then
  echo "   a throwaway PostgreSQL server: $pg_url (stopped when the demo ends)"
  printf 'connections:\n  demo_pg:\n    url: "%s"\n' "$pg_url" >> "$pipeline/sluice.yaml"
  run_job agg_hourly_space_to_pg
else
  echo "   skipped: PostgreSQL not available ($pg_reason)"
fi
check_totals
echo

echo "== 11. The busiest spaces: average people per hour (spaces seen in 3 hours or more)"
busiest="SELECT company_id, space_id, count(*) AS hours, sum(people) AS people,
  round(avg(people), 1) AS avg_people_per_hour FROM curated.agg_hourly_space
  GROUP BY company_id, space_id HAVING count(*) >= 3
  ORDER BY avg_people_per_hour DESC, hours DESC, company_id, space_id LIMIT 5"
"$sluice" query --lake "$pipeline" "$busiest" | sed 's/^/   /'
echo

echo "== 12. One more day lands ($next_day): the jobs re-run and read only what is new"
land "$next_day"
rm -rf "$out/landings"
"$sluice" crawl --lake "$pipeline" drop_space_events | tail -1 | sed 's/^/   /'
run_job raw_space_events
raw_next=$job_run_id
"$sluice" job show "$raw_next" --lake "$pipeline" | sed -n '1,6s/^/   /p'
expect "files read by run $raw_next" "$(run_detail "$raw_next" '$.sources[0].files')" 2
expect "files skipped by the bookmark in run $raw_next" "$(run_detail "$raw_next" '$.sources[0].skipped_by_bookmark')" 14
expect "first file consumed by run $raw_next" "$(run_detail "$raw_next" '$.sources[0].files_consumed[0]')" \
  "drop/space_events/landed=$next_day/0000_part_00.gz"
expect "second file consumed by run $raw_next" "$(run_detail "$raw_next" '$.sources[0].files_consumed[1]')" \
  "drop/space_events/landed=$next_day/0001_part_00.gz"
expect "third file consumed by run $raw_next" "$(run_detail "$raw_next" '$.sources[0].files_consumed[2]')" ""
echo "   run $raw_next read the 2 new files only (files_consumed in \`sluice job show $raw_next --format json\`);"
echo "   run $raw_first had read the other 14"
hours_before=$(lake_value "SELECT count(*) FROM curated.agg_hourly_space WHERE event_date = DATE '$next_day'")
run_job agg_hourly_space --arg since="$next_day"
agg_next=$job_run_id
expect "partitions replaced by run $agg_next" "$(run_detail "$agg_next" '$.targets[0].partitions')" 2
hours_after=$(lake_value "SELECT count(*) FROM curated.agg_hourly_space WHERE event_date = DATE '$next_day'")
echo "   run $agg_next recomputed the UTC dates $next_day and the next one whole, and replaced just"
echo "   those partitions ($next_day: $hours_before → $hours_after hourly rows, its old evening rows included):"
partitions curated.agg_hourly_space
scanned=$("$sluice" job validate agg_hourly_space --lake "$pipeline" --arg since="$next_day" 2>/dev/null \
  | grep -o 'Scan: raw.space_events .*partitions=[0-9]*/[0-9]*' | grep -o 'partitions=.*' | head -1 || true)
expect "raw partitions scanned with since=$next_day" "$scanned" "partitions=2/9"
echo "   WHERE event_date >= :since prunes the scan to raw's $scanned (sluice job validate shows the plan)"
if [ -n "$pg_url" ]; then
  run_job agg_hourly_space_to_pg
  expect "curated files loaded by run $job_run_id" "$(run_detail "$job_run_id" '$.sources[0].files')" 2
  echo "   run $job_run_id loaded only the 2 rewritten partitions (upsert on company_id, space_id, hour)"
fi
run_job raw_space_events
echo "   nothing new landed since: nothing was read, nothing written"
check_totals
echo "   The runs (sluice job runs):"
"$sluice" job runs --lake "$pipeline" | sed 's/^/   /'
echo "   The pipeline's lake is $pipeline; its job specs are examples/jobs/*.yaml."
