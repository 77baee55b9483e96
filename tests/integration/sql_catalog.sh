#!/usr/bin/env bash
# SQL over a lake's catalog through the CLI: `sluice init`, tables made with CREATE
# EXTERNAL TABLE + MSCK REPAIR TABLE and with CTAS / INSERT INTO, `sluice query` with
# --lake / --database / SLUICE_LAKE / the lake found upward, EXPLAIN showing one
# partition scanned for a filter on the partition key, `sluice sql` with USE, errors.
#   bash tests/integration/sql_catalog.sh build
source "$(dirname "$0")/lib.sh"

expect_exit 0 "sluice init" -- "$SLUICE" init demo
LAKE="$WORK/demo"

# 30 days of space events landed as Hive partitions under drop/space_events.
{
  echo "id,kind,event_date"
  for i in $(seq 1 300); do
    printf '%d,%s,2024-05-%02d\n' "$i" "$([ $((i % 3)) -eq 0 ] && echo launch || echo telemetry)" $(((i % 30) + 1))
  done
} >events.csv
expect_exit 0 "COPY into the drop zone" -- "$SLUICE" query --lake "$LAKE" \
  "COPY (SELECT * FROM read_csv('$WORK/events.csv')) TO '$LAKE/drop/space_events' (FORMAT parquet, PARTITION_BY (event_date))"

expect_exit 0 "CREATE EXTERNAL TABLE + MSCK" -- "$SLUICE" query --lake "$LAKE" --database raw \
  "CREATE EXTERNAL TABLE space_events (id bigint, kind string) PARTITIONED BY (event_date date)
   STORED AS PARQUET LOCATION 'drop/space_events'; MSCK REPAIR TABLE space_events"
expect_grep '^ +30 \| +0 *$' "$WORK/out" "MSCK adds 30 partitions"

# The issue's check: a filter on the partition key scans one partition.
expect_exit 0 "EXPLAIN with a partition filter" -- "$SLUICE" query --lake "$LAKE" \
  "EXPLAIN SELECT count(*) FROM raw.space_events WHERE event_date = DATE '2024-05-07'"
expect_grep 'Scan: raw.space_events \(parquet\) .*partitions=1/30 files=1' "$WORK/out" "EXPLAIN shows partitions=1/30"

expect_exit 0 "count of one day" -- "$SLUICE" query --lake "$LAKE" --format csv --no-header \
  "SELECT count(*), min(id) FROM raw.space_events WHERE event_date = DATE '2024-05-07'"
echo "10,6" >want
expect_same out want "one day holds 10 events"

# The lake is found from $SLUICE_LAKE and upward from the current folder.
expect_exit 0 "SLUICE_LAKE" -- env SLUICE_LAKE="$LAKE" "$SLUICE" query --format csv --no-header \
  "SELECT count(*) FROM raw.space_events"
echo "300" >want
expect_same out want "every event through SLUICE_LAKE"
mkdir -p "$LAKE/drop/notes"
expect_exit 0 "lake found upward" -- bash -c "cd '$LAKE/drop/notes' && '$SLUICE' query --database raw --format csv --no-header \"SELECT count(*) FROM space_events WHERE kind = 'launch'\""
echo "100" >want
expect_same out want "launches counted from inside the lake"

# CTAS into the curated zone and INSERT INTO, atomically with their partitions.
expect_exit 0 "CTAS" -- "$SLUICE" query --lake "$LAKE" \
  "CREATE TABLE curated.daily WITH (format = 'PARQUET', partitioned_by = ARRAY['event_date'], write_compression = 'ZSTD')
   AS SELECT kind, count(*) AS events, event_date FROM raw.space_events GROUP BY kind, event_date"
if ls "$LAKE"/curated/daily/event_date=2024-05-01/*.parquet >/dev/null 2>&1; then pass "CTAS wrote under curated/daily";
else fail "CTAS wrote no file under curated/daily"; fi
expect_exit 0 "INSERT INTO" -- "$SLUICE" query --lake "$LAKE" \
  "INSERT INTO curated.daily VALUES ('landing', 1, DATE '2024-06-01')"
expect_exit 0 "SHOW PARTITIONS" -- "$SLUICE" query --lake "$LAKE" --format csv --no-header "SHOW PARTITIONS curated.daily"
expect_grep '^event_date=2024-06-01$' "$WORK/out" "INSERT added its partition"
if [ -z "$(ls -A "$LAKE/.sluice/staging")" ] && [ ! -e "$LAKE/.sluice/commits" -o -z "$(ls -A "$LAKE/.sluice/commits" 2>/dev/null)" ]; then
  pass "no staging or journal left"; else fail "staging or journal left: $(ls -R "$LAKE/.sluice")"; fi

# The interactive shell: USE, SHOW TABLES, DESCRIBE.
printf 'USE curated;\nSHOW TABLES;\nDESCRIBE daily;\n' >script.sql
expect_exit 0 "sluice sql with USE" -- bash -c "'$SLUICE' sql --lake '$LAKE' --format csv <script.sql"
expect_grep '^daily$' "$WORK/out" "SHOW TABLES after USE"
expect_grep '^# Partition Information' "$WORK/out" "DESCRIBE prints the partition keys"

# Errors.
expect_exit 1 "unknown database" -- "$SLUICE" query --lake "$LAKE" "SELECT * FROM nope.t"
expect_grep "database 'nope' does not exist" "$WORK/err" "unknown database is named"
expect_exit 1 "--database that does not exist" -- "$SLUICE" query --lake "$LAKE" --database nope "SELECT 1"
expect_grep "database 'nope' does not exist" "$WORK/err" "bad --database is named"
expect_exit 2 "--database without a lake" -- env -u SLUICE_LAKE "$SLUICE" query --database raw "SELECT 1"
expect_grep "needs a lake" "$WORK/err" "--database without a lake says so"
expect_exit 1 "a location outside the lake" -- "$SLUICE" query --lake "$LAKE" \
  "CREATE EXTERNAL TABLE raw.outside (a int) LOCATION '../elsewhere'"
expect_grep "outside the lake" "$WORK/err" "outside location refused"

finish
