#!/usr/bin/env bash
# `sluice query` writes: COPY (…) TO files and Hive-partitioned folders in every format,
# CREATE TABLE AS (the default location ./<name>, read back by name, DROP TABLE), views.
# DuckDB reads every output back and compares it row by row with its own read of the
# source; `sluice query` reads the outputs back and must give DuckDB's answers. Then
# the errors: bad options, unwritable paths, views that do not exist or recurse, a
# memory limit — each with a clear message and nothing left behind.
REPO=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/lib.sh"

"$DATAGEN" space-events --rows 20000 --seed 11 --out events.csv --json events.jsonl
src="read_json('events.jsonl')"

# --- COPY in every format ------------------------------------------------------------
copy() {  # copy DESCRIPTION SQL: runs one COPY, checks it reports 20000 rows
  expect_exit 0 "$1" -- "$SLUICE" query --format csv --no-header "$2"
  expect_same "$WORK/out" <(echo 20000) "$1 reports 20000 rows"
}
copy "COPY to Parquet (zstd)" "COPY (SELECT * FROM $src) TO 'events.parquet' (FORMAT parquet, COMPRESSION zstd)"
copy "COPY to CSV with '|' and a NULL string" \
  "COPY (SELECT * FROM $src ORDER BY event_id) TO 'events_pipe.csv' (DELIMITER '|', NULL '\\N')"
copy "COPY to gzipped JSON lines" "COPY (SELECT * FROM $src) TO 'events.jsonl.gz' (FORMAT json)"
copy "COPY to Parquet partitioned by company_id" \
  "COPY (SELECT * FROM $src) TO 'by_company' (FORMAT parquet, PARTITION_BY (company_id))"
copy "COPY to CSV partitioned by company_id" \
  "COPY (SELECT * FROM $src) TO 'by_company_csv' (FORMAT csv, PARTITION_BY company_id, COMPRESSION zstd)"
[ "$(find by_company -name '*.parquet' | wc -l)" -ge 50 ] && pass "one folder per company" || fail "too few partition files"
[ -d "by_company/company_id=__HIVE_DEFAULT_PARTITION__" ] && pass "NULL company_id in the default partition" ||
  fail "no default partition"
[ -z "$(find . -name '.sluice-*')" ] && pass "no temporary files or folders left" || fail "temporaries left behind"
head -1 events_pipe.csv | grep -q '^event_id|company_id|' && pass "CSV header with the delimiter" || fail "CSV header"

# --- CREATE TABLE AS: the default location, read back by name -------------------------
fingerprint="count(*), count(company_id), sum(company_id), sum(building_id), sum(space_id), sum(people_count),
  count(event_ts), sum(hour(event_ts) * 3600 + minute(event_ts) * 60 + second(event_ts)), sum(day(event_ts)),
  min(event_id), max(event_id), count(DISTINCT device_id), count(DISTINCT note), sum(length(note))"
expect_exit 0 "CREATE TABLE AS, then SELECT by name" -- "$SLUICE" query --format csv --no-header "
  CREATE TABLE events AS SELECT * FROM $src;
  CREATE TABLE events_csv WITH (format = 'CSV', partitioned_by = ARRAY['company_id'], location = 'tables/csv')
    AS SELECT * FROM $src;
  CREATE TABLE events_json WITH (format = 'JSON', write_compression = 'GZIP', location = 'tables/json')
    AS SELECT * FROM $src;
  SELECT $fingerprint FROM events;
  SELECT $fingerprint FROM events_csv;
  SELECT $fingerprint FROM events_json"
sed -n 4,6p "$WORK/out" > sluice_tables.txt
[ -f events/data.parquet ] && pass "a table without a location is the folder ./events" || fail "no ./events/data.parquet"
[ -d tables/csv ] && [ -d tables/json ] && pass "tables at their locations" || fail "no tables/csv or tables/json"

# sluice reads each COPY output back (the partitioned folders through tables over them).
expect_exit 0 "sluice reads the COPY outputs back" -- "$SLUICE" query --format csv --no-header "
  SELECT $fingerprint FROM read_parquet('events.parquet');
  SELECT $fingerprint FROM read_csv('events_pipe.csv', delimiter => '|', nullstr => '\\N');
  SELECT $fingerprint FROM read_json('events.jsonl.gz')"
cp "$WORK/out" sluice_copies.txt

# --- DuckDB: the oracle ---------------------------------------------------------------
cat > check.cjs <<'EOF'
// node check.cjs REPO: DuckDB compares every output with its own read of events.jsonl,
// and prints its fingerprint of the source for the shell to compare with Sluice's.
const path = require('path');
const { createRequire } = require('module');
const peers = createRequire(path.join(process.argv[2], 'peers', 'package.json'));
const { DuckDBInstance } = peers('@duckdb/node-api');
const columns = ['event_id', 'company_id', 'building_id', 'space_id', 'event_ts', 'people_count', 'device_id', 'note'];
const outputs = {
  'events.parquet': "read_parquet('events.parquet')",
  // A quoted field is never NULL in Sluice's CSV (the text "\N" is written quoted).
  'events_pipe.csv': "read_csv('events_pipe.csv', delim = '|', nullstr = '\\N', header = true, allow_quoted_nulls = false)",
  'events.jsonl.gz': "read_json('events.jsonl.gz')",
  'by_company': "read_parquet('by_company/**/*.parquet', hive_partitioning = true)",
  'by_company_csv': "read_csv('by_company_csv/**/*.csv.zst', hive_partitioning = true, header = true, allow_quoted_nulls = false)",
  'table events': "read_parquet('events/data.parquet')",
  'table events_csv': "read_csv('tables/csv/**/*.csv', hive_partitioning = true, header = true, allow_quoted_nulls = false)",
  'table events_json': "read_json('tables/json/data.jsonl.gz')",
};
const fingerprint = `count(*), count(company_id), sum(company_id), sum(building_id), sum(space_id), sum(people_count),
  count(event_ts), sum(hour(event_ts) * 3600 + minute(event_ts) * 60 + second(event_ts)), sum(day(event_ts)),
  min(event_id), max(event_id), count(DISTINCT device_id), count(DISTINCT note), sum(length(note))`;
(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run("CREATE TABLE src AS SELECT * FROM read_json('events.jsonl', columns = {event_id: 'BIGINT', " +
    "company_id: 'BIGINT', building_id: 'BIGINT', space_id: 'BIGINT', event_ts: 'TIMESTAMP', people_count: 'BIGINT', " +
    "device_id: 'VARCHAR', note: 'VARCHAR'})");
  let failures = 0;
  for (const [name, source] of Object.entries(outputs)) {
    try {
      const differing = columns.map((col) => `e.${col}::VARCHAR IS DISTINCT FROM o.${col}::VARCHAR`).join(' OR ');
      const reader = await c.runAndReadAll(`SELECT count(*) FROM ${source} o FULL OUTER JOIN src e ON e.event_id = o.event_id
        WHERE e.event_id IS NULL OR o.event_id IS NULL OR ${differing}`);
      const bad = Number(reader.getRows()[0][0]);
      const count = Number((await c.runAndReadAll(`SELECT count(*) FROM ${source}`)).getRows()[0][0]);
      if (bad !== 0 || count !== 20000) {
        failures++;
        console.log(`FAIL DuckDB reads ${name}: ${count} rows, ${bad} differ from the source`);
      } else {
        console.log(`ok   DuckDB reads ${name}: the source's 20000 rows, every value equal`);
      }
    } catch (e) {
      failures++;
      console.log(`FAIL DuckDB reads ${name}: ${e.message.split('\n')[0]}`);
    }
  }
  const row = (await c.runAndReadAll(`SELECT ${fingerprint} FROM src`)).getRows()[0];
  require('fs').writeFileSync('duckdb_fingerprint.txt', row.map(String).join(',') + '\n');
  process.exit(failures === 0 ? 0 : 1);
})();
EOF
if node check.cjs "$REPO"; then pass "DuckDB reads every output as the source"; else fail "DuckDB found differences (above)"; fi
for i in 1 2 3; do
  expect_same <(sed -n "${i}p" sluice_copies.txt) duckdb_fingerprint.txt "sluice's read of COPY output $i equals DuckDB's source"
  expect_same <(sed -n "${i}p" sluice_tables.txt) duckdb_fingerprint.txt "sluice's read of table $i equals DuckDB's source"
done

# --- DROP TABLE, views ---------------------------------------------------------------
expect_exit 0 "DROP TABLE of a managed table" -- "$SLUICE" query "
  CREATE TABLE t1 AS SELECT 1 AS x;
  CREATE TABLE t2 WITH (location = 'kept') AS SELECT 1 AS x;
  DROP TABLE t1; DROP TABLE t2"
[ ! -e t1 ] && pass "DROP TABLE deletes the files of a table without a location" || fail "t1 left"
[ -f kept/data.parquet ] && pass "DROP TABLE keeps the files of a table with a location" || fail "kept/ gone"
expect_exit 0 "views across statements of one run" -- "$SLUICE" query --format csv --no-header "
  CREATE VIEW busy AS SELECT * FROM read_parquet('events.parquet') WHERE people_count > 100;
  CREATE VIEW busy_by_company AS SELECT company_id, count(*) AS n FROM busy GROUP BY company_id;
  COPY (SELECT * FROM busy_by_company ORDER BY n DESC, company_id LIMIT 3) TO 'top.csv';
  SELECT count(*) FROM read_csv('top.csv')"
expect_same <(tail -1 "$WORK/out") <(echo 3) "COPY of a view over a view"

# --- Errors: a clear message, nothing left behind ------------------------------------
expect_exit 1 "a bad FORMAT" -- "$SLUICE" query "COPY (SELECT 1 AS a) TO 'x.out' (FORMAT xml)"
expect_grep "option 'format' must be parquet, csv or json, not 'xml'" "$WORK/err" "the message names the option and the choices"
expect_grep "^ {33}\^$" "$WORK/err" "with a caret under the option"
expect_exit 74 "a folder that does not exist" -- "$SLUICE" query "COPY (SELECT 1 AS a) TO 'no/such/x.csv'"
expect_grep "cannot write 'no/such/x.csv': folder 'no/such' does not exist" "$WORK/err" "the message names the folder"
# /proc takes no new files, even from root.
expect_exit 74 "an unwritable path" -- "$SLUICE" query "COPY (SELECT 1 AS a) TO '/proc/sluice.csv'"
expect_grep "cannot create '/proc/sluice.csv'" "$WORK/err" "the message names the file"
expect_exit 74 "an unwritable path (partitioned)" -- "$SLUICE" query "COPY (SELECT 1 AS a, 2 AS b) TO '/proc/sluice' (PARTITION_BY (a))"
expect_grep "cannot create folder /proc/.sluice-tmp-sluice-.* beside '/proc/sluice'" "$WORK/err" "the message names the folder"
expect_exit 74 "an unwritable table location" -- "$SLUICE" query "CREATE TABLE t WITH (location = '/proc/sluice/t') AS SELECT 1 AS x"
mkdir locked && chmod 555 locked
if [ "$(id -u)" -ne 0 ]; then  # root writes anyway
  expect_exit 74 "an unwritable folder" -- "$SLUICE" query "COPY (SELECT 1 AS a) TO 'locked/x.csv'"
  expect_grep "locked/" "$WORK/err" "the message names the path"
  expect_exit 74 "an unwritable folder (partitioned)" -- "$SLUICE" query "COPY (SELECT 1 AS a, 2 AS b) TO 'locked/p' (PARTITION_BY (a))"
fi
expect_exit 1 "a view that does not exist" -- "$SLUICE" query "SELECT * FROM nowhere"
expect_grep "table 'nowhere' does not exist" "$WORK/err" "the message names the view"
expect_exit 1 "view recursion" -- "$SLUICE" query "CREATE VIEW a AS SELECT 1 AS x; CREATE VIEW b AS SELECT * FROM a;
  CREATE OR REPLACE VIEW a AS SELECT * FROM b"
expect_grep "view 'a' is recursive: a → b → a" "$WORK/err" "the message shows the cycle"
expect_exit 2 "a non-empty partitioned folder" -- "$SLUICE" query "COPY (SELECT * FROM $src) TO 'by_company' (PARTITION_BY (company_id))"
expect_grep "is not empty; add APPEND true" "$WORK/err" "the message says what to add"
expect_exit 65 "a query that fails while it writes" -- "$SLUICE" query \
  "COPY (SELECT * FROM $src WHERE 1 / (event_id - 15000) > -1) TO 'failed' (FORMAT parquet, PARTITION_BY (company_id))"
expect_exit 1 "a memory limit while writing Parquet" -- "$SLUICE" query --memory-limit 1MB \
  "COPY (SELECT * FROM $src) TO 'big.parquet'"
expect_grep "out of memory: .* exceeded by CopyTo parquet 'big.parquet'" "$WORK/err" "the limit error names the COPY"
[ ! -e failed ] && [ ! -e big.parquet ] && [ ! -e x.out ] && pass "failed COPYs leave no output" || fail "output left behind"
[ -z "$(find . -name '.sluice-*')" ] && pass "and no temporary files or folders" || fail "temporaries left behind"

finish
