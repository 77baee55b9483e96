#!/usr/bin/env bash
# Managed tables across processes: every statement runs in its own `sluice query
# --lake` process (CREATE TABLE, INSERT, UPDATE, DELETE, ALTER TABLE ADD COLUMN /
# RENAME TO / DROP COLUMN, DROP TABLE, a partitioned table whose rows move between
# partitions), and after each one a new process must see exactly the committed state.
# A NOT NULL violation fails and changes nothing. Then four writer processes insert 25
# rows each into one table at the same time (every row there exactly once), two
# processes increment one counter ten times each at the same time (no lost update),
# and OPTIMIZE merges the table's many small files into fewer without changing a row.
# Usage: tests/integration/dml_processes.sh BUILD_DIR
# SLUICE_TEST_DATABASE=db runs against db instead of the lake's default database.
source "$(dirname "$0")/lib.sh"
unset SLUICE_LAKE
DB=${SLUICE_TEST_DATABASE:-default}
DB_FLAG=()
[ -z "${SLUICE_TEST_DATABASE:-}" ] || DB_FLAG=(--database "$DB")
LAKE="$WORK/lake"
"$SLUICE" init "$LAKE" >/dev/null

# run DESCRIPTION SQL: one process runs SQL in the lake and must succeed.
run() {
  expect_exit 0 "$1" -- "$SLUICE" query --lake "$LAKE" "${DB_FLAG[@]}" --format csv "$2"
}

# run_fails DESCRIPTION SQL PATTERN [CODE]: one process runs SQL and must fail (exit
# CODE, default 1; 65 for a NOT NULL violation, docs/CLI.md) with an error whose first
# line matches PATTERN (grep -iE).
run_fails() {
  local code=0 want=${4:-1}
  "$SLUICE" query --lake "$LAKE" "${DB_FLAG[@]}" --format csv "$2" >"$WORK/out" 2>"$WORK/err" || code=$?
  if [ "$code" -eq "$want" ] && head -1 "$WORK/err" | grep -qiE -- "$3"; then
    pass "$1 (fails: $(head -1 "$WORK/err" | cut -c1-100))"
  else
    fail "$1: exit $code, expected $want with an error matching /$3/"; sed 's/^/     /' "$WORK/err" | head -3 || true
  fi
}

# check DESCRIPTION SQL EXPECTED: a new process runs the query; its CSV output (header
# included) must be EXPECTED exactly.
check() {
  local code=0
  "$SLUICE" query --lake "$LAKE" "${DB_FLAG[@]}" --format csv "$2" >"$WORK/got" 2>"$WORK/err" || code=$?
  printf '%s\n' "$3" >"$WORK/want"
  if [ "$code" -eq 0 ] && cmp -s "$WORK/want" "$WORK/got"; then pass "$1"; else
    fail "$1 (exit $code)"
    sed 's/^/     /' "$WORK/err" | head -3 || true
    diff -u --label expected --label got "$WORK/want" "$WORK/got" | sed 's/^/     /' | head -30 || true
  fi
}

# data_files TABLE: the number of files under LAKE/<database>/TABLE, hidden names ignored.
data_files() {
  { find "$LAKE/$DB/$1" -type f ! -name '.*' ! -name '_*' 2>/dev/null || true; } | wc -l
}

EVENTS="SELECT * FROM events ORDER BY id"

# --- One statement per process -----------------------------------------------------
run "CREATE TABLE" "CREATE TABLE events (id integer NOT NULL, kind varchar, amount decimal(10,2), day date)"
check "a new table is empty" "SELECT count(*) AS n FROM events" "n
0"
check "the table is in the catalog" "SHOW TABLES IN $DB" "$(printf 'tab_name\nevents')"

run "INSERT 1" "INSERT INTO events VALUES (1, 'click', 1.50, DATE '2024-05-01'), (2, 'view', NULL, DATE '2024-05-01')"
check "after INSERT 1" "$EVENTS" "id,kind,amount,day
1,click,1.50,2024-05-01
2,view,,2024-05-01"
run "INSERT 2" "INSERT INTO events VALUES (3, 'buy', 99.99, DATE '2024-05-02')"
check "after INSERT 2" "$EVENTS" "id,kind,amount,day
1,click,1.50,2024-05-01
2,view,,2024-05-01
3,buy,99.99,2024-05-02"
run "INSERT 3 (column list)" "INSERT INTO events (id, kind) VALUES (4, 'view'), (5, NULL)"
check "after INSERT 3" "$EVENTS" "id,kind,amount,day
1,click,1.50,2024-05-01
2,view,,2024-05-01
3,buy,99.99,2024-05-02
4,view,,
5,,,"
run "INSERT … SELECT from itself" "INSERT INTO events SELECT id + 10, kind, amount, DATE '2024-05-03' FROM events WHERE kind = 'view'"
check "after INSERT … SELECT" "$EVENTS" "id,kind,amount,day
1,click,1.50,2024-05-01
2,view,,2024-05-01
3,buy,99.99,2024-05-02
4,view,,
5,,,
12,view,,2024-05-03
14,view,,2024-05-03"

run "UPDATE" "UPDATE events SET amount = 0.10, day = DATE '2024-05-04' WHERE kind = 'view' AND id < 10"
check "after UPDATE" "$EVENTS" "id,kind,amount,day
1,click,1.50,2024-05-01
2,view,0.10,2024-05-04
3,buy,99.99,2024-05-02
4,view,0.10,2024-05-04
5,,,
12,view,,2024-05-03
14,view,,2024-05-03"
run "UPDATE with an expression" "UPDATE events SET amount = CAST(amount * 2 AS decimal(10,2)) WHERE amount IS NOT NULL"
check "after UPDATE with an expression" "SELECT id, amount FROM events WHERE amount IS NOT NULL ORDER BY id" "id,amount
1,3.00
2,0.20
3,199.98
4,0.20"

run "DELETE" "DELETE FROM events WHERE kind IS NULL OR id > 10"
check "after DELETE" "$EVENTS" "id,kind,amount,day
1,click,3.00,2024-05-01
2,view,0.20,2024-05-04
3,buy,199.98,2024-05-02
4,view,0.20,2024-05-04"

run_fails "INSERT of NULL into a NOT NULL column" "INSERT INTO events VALUES (NULL, 'bad', 1.00, NULL)" "null" 65
run_fails "UPDATE setting a NOT NULL column to NULL" "UPDATE events SET id = NULL WHERE id = 1" "null" 65
run_fails "INSERT … SELECT with a NULL in a NOT NULL column" \
  "INSERT INTO events SELECT CASE WHEN id = 4 THEN NULL ELSE id + 100 END, kind, amount, day FROM events" "null" 65
check "a NOT NULL violation changes nothing" "$EVENTS" "id,kind,amount,day
1,click,3.00,2024-05-01
2,view,0.20,2024-05-04
3,buy,199.98,2024-05-02
4,view,0.20,2024-05-04"

run "ALTER TABLE ADD COLUMN" "ALTER TABLE events ADD COLUMN note varchar"
check "after ADD COLUMN: the new column is NULL" "$EVENTS" "id,kind,amount,day,note
1,click,3.00,2024-05-01,
2,view,0.20,2024-05-04,
3,buy,199.98,2024-05-02,
4,view,0.20,2024-05-04,"
run "UPDATE the new column" "UPDATE events SET note = 'kind ' || kind WHERE id <> 3"
run "INSERT with the new column" "INSERT INTO events VALUES (6, 'buy', 5.00, DATE '2024-05-05', 'late')"
check "after UPDATE and INSERT of the new column" "$EVENTS" "id,kind,amount,day,note
1,click,3.00,2024-05-01,kind click
2,view,0.20,2024-05-04,kind view
3,buy,199.98,2024-05-02,
4,view,0.20,2024-05-04,kind view
6,buy,5.00,2024-05-05,late"

run "ALTER TABLE RENAME TO" "ALTER TABLE events RENAME TO events_v2"
check "after RENAME: the new name has the rows" "SELECT id, note FROM events_v2 ORDER BY id" "id,note
1,kind click
2,kind view
3,
4,kind view
6,late"
run_fails "after RENAME: the old name is gone" "SELECT count(*) FROM events" "events.*does not exist"
run "UPDATE under the new name" "UPDATE events_v2 SET amount = 7.00 WHERE id = 6"

run "ALTER TABLE DROP COLUMN" "ALTER TABLE events_v2 DROP COLUMN kind"
check "after DROP COLUMN" "SELECT * FROM events_v2 ORDER BY id" "id,amount,day,note
1,3.00,2024-05-01,kind click
2,0.20,2024-05-04,kind view
3,199.98,2024-05-02,
4,0.20,2024-05-04,kind view
6,7.00,2024-05-05,late"

run "DROP TABLE" "DROP TABLE events_v2"
run_fails "after DROP TABLE: the table is gone" "SELECT count(*) FROM events_v2" "events_v2.*does not exist"
[ ! -e "$LAKE/$DB/events_v2" ] && [ ! -e "$LAKE/$DB/events" ] && pass "after DROP TABLE: no folder left" ||
  fail "after DROP TABLE: files left: $(ls -d "$LAKE/$DB"/events* 2>/dev/null | tr '\n' ' ')"
run "CREATE TABLE under a dropped name" "CREATE TABLE events (id integer, kind varchar)"
check "the re-created table is empty" "SELECT count(*) AS n FROM events" "n
0"
run "DROP TABLE again" "DROP TABLE events"

# --- A partitioned table: rows move between partitions -------------------------------
SALES="SELECT * FROM sales ORDER BY id"
run "CREATE TABLE partitioned" \
  "CREATE TABLE sales (id integer NOT NULL, amount decimal(10,2), region varchar) WITH (format = 'PARQUET', partitioned_by = ARRAY['region'])"
run "INSERT into partitions" "INSERT INTO sales VALUES (1, 10.00, 'emea'), (2, 20.00, 'amer'), (3, 30.00, 'emea'), (4, 40.00, NULL)"
check "after INSERT into partitions" "$SALES" "id,amount,region
1,10.00,emea
2,20.00,amer
3,30.00,emea
4,40.00,"
check "SHOW PARTITIONS" "SHOW PARTITIONS sales" "partition
region=__HIVE_DEFAULT_PARTITION__
region=amer
region=emea"
run "UPDATE moving a row to a new partition" "UPDATE sales SET region = 'apac', amount = CAST(amount + 1 AS decimal(10,2)) WHERE id = 3"
check "after UPDATE of the partition column" "$SALES" "id,amount,region
1,10.00,emea
2,20.00,amer
3,31.00,apac
4,40.00,"
run "DELETE a whole partition" "DELETE FROM sales WHERE region = 'amer'"
run "DELETE the NULL partition" "DELETE FROM sales WHERE region IS NULL"
check "after DELETE of partitions" "$SALES" "id,amount,region
1,10.00,emea
3,31.00,apac"
check "emptied partitions are gone" "SHOW PARTITIONS sales" "partition
region=apac
region=emea"

# --- Concurrent writers ---------------------------------------------------------------
run "CREATE TABLE hits" "CREATE TABLE hits (id integer NOT NULL, writer integer)"
pids=()
for writer in 1 2 3 4; do
  (
    status=0
    for i in $(seq 1 25); do
      id=$(((writer - 1) * 25 + i))
      "$SLUICE" query --lake "$LAKE" "${DB_FLAG[@]}" "INSERT INTO hits VALUES ($id, $writer)" >/dev/null 2>>"$WORK/writer$writer.err" || status=1
    done
    exit $status
  ) &
  pids+=($!)
done
writers_ok=0
for pid in "${pids[@]}"; do wait "$pid" || writers_ok=1; done
[ "$writers_ok" -eq 0 ] && pass "4 concurrent writers × 25 INSERTs all succeed" || {
  fail "a concurrent INSERT failed"; cat "$WORK"/writer*.err | sort | uniq -c | head -5 | sed 's/^/     /' || true; }
check "100 rows after the concurrent INSERTs" \
  "SELECT count(*) AS n, count(DISTINCT id) AS ids, sum(id) AS total, min(id) AS lo, max(id) AS hi FROM hits" \
  "n,ids,total,lo,hi
100,100,5050,1,100"
check "every writer's 25 rows" "SELECT writer, count(*) AS n FROM hits GROUP BY writer ORDER BY writer" "writer,n
1,25
2,25
3,25
4,25"
check "every value exactly once" "SELECT id FROM hits ORDER BY id" "id
$(seq 1 100)"

files_before=$(data_files hits)
"$SLUICE" query --lake "$LAKE" "${DB_FLAG[@]}" --format csv "SELECT * FROM hits ORDER BY id" >"$WORK/hits_before" 2>/dev/null || true
run "OPTIMIZE" "OPTIMIZE hits"
files_after=$(data_files hits)
if [ "$files_after" -ge 1 ] && [ "$files_after" -lt "$files_before" ]; then
  pass "OPTIMIZE merges files ($files_before → $files_after)"
else fail "OPTIMIZE: $files_before files before, $files_after after"; fi
"$SLUICE" query --lake "$LAKE" "${DB_FLAG[@]}" --format csv "SELECT * FROM hits ORDER BY id" >"$WORK/hits_after" 2>/dev/null || true
[ -s "$WORK/hits_before" ] && cmp -s "$WORK/hits_before" "$WORK/hits_after" && pass "OPTIMIZE leaves every row as it was" ||
  fail "OPTIMIZE changed the rows ($(wc -l <"$WORK/hits_before") lines before, $(wc -l <"$WORK/hits_after") after)"
run "INSERT after OPTIMIZE" "INSERT INTO hits VALUES (101, 5)"
check "the table works after OPTIMIZE" "SELECT count(*) AS n, sum(id) AS total FROM hits" "n,total
101,5151"

# INSERTs while another process rewrites the table's files (UPDATE by copy-on-write):
# no inserted row may be lost or doubled.
run "CREATE TABLE mixed" "CREATE TABLE mixed (id integer NOT NULL, tag varchar)"
run "INSERT the first row of mixed" "INSERT INTO mixed VALUES (0, 'seed')"
pids=()
for writer in 1 2; do
  (
    status=0
    for i in $(seq 1 20); do
      "$SLUICE" query --lake "$LAKE" "${DB_FLAG[@]}" "INSERT INTO mixed VALUES ($(((writer - 1) * 20 + i)), 'new')" >/dev/null 2>>"$WORK/mixed.err" || status=1
    done
    exit $status
  ) &
  pids+=($!)
done
(
  status=0
  for i in $(seq 1 6); do
    "$SLUICE" query --lake "$LAKE" "${DB_FLAG[@]}" "UPDATE mixed SET tag = 'seen $i' WHERE id >= 0" >/dev/null 2>>"$WORK/mixed.err" || status=1
  done
  exit $status
) &
pids+=($!)
mixed_ok=0
for pid in "${pids[@]}"; do wait "$pid" || mixed_ok=1; done
[ "$mixed_ok" -eq 0 ] && pass "INSERTs during UPDATEs of the same table all succeed" || {
  fail "an INSERT or UPDATE of mixed failed"; sort "$WORK/mixed.err" | uniq -c | head -5 | sed 's/^/     /' || true; }
check "no row lost or doubled by INSERTs during UPDATEs" "SELECT id FROM mixed ORDER BY id" "id
$(seq 0 40)"

# Two processes incrementing one counter: each UPDATE reads and replaces the table's
# files, so one may never overwrite the other's change.
run "CREATE TABLE counter" "CREATE TABLE counter (k integer NOT NULL, v bigint)"
run "INSERT the counter" "INSERT INTO counter VALUES (1, 0), (2, 0)"
pids=()
for updater in 1 2; do
  (
    status=0
    for i in $(seq 1 10); do
      "$SLUICE" query --lake "$LAKE" "${DB_FLAG[@]}" "UPDATE counter SET v = v + 1 WHERE k = 1" >/dev/null 2>>"$WORK/updater$updater.err" || status=1
    done
    exit $status
  ) &
  pids+=($!)
done
updaters_ok=0
for pid in "${pids[@]}"; do wait "$pid" || updaters_ok=1; done
[ "$updaters_ok" -eq 0 ] && pass "2 concurrent updaters × 10 UPDATEs all succeed" || {
  fail "a concurrent UPDATE failed"; cat "$WORK"/updater*.err | sort | uniq -c | head -5 | sed 's/^/     /' || true; }
check "no lost update: the counter is 20" "SELECT * FROM counter ORDER BY k" "k,v
1,20
2,0"

[ -z "$(ls "$LAKE/.sluice/commits"/*.json 2>/dev/null)" ] && pass "no commit journal left" ||
  fail "journals left: $(ls "$LAKE/.sluice/commits")"

# ---- SHOW CREATE TABLE recreates the table ------------------------------------------
echo "-- SHOW CREATE TABLE, run in another lake, makes the same table"
run "a table with NOT NULL, comments, partitions and a codec" \
  "CREATE TABLE shown (id bigint NOT NULL COMMENT 'the key', \"note\" varchar COMMENT 'it''s free text', amount decimal(12,2), day date) COMMENT 'shown table' WITH (format = 'PARQUET', partitioned_by = ARRAY['day'], write_compression = 'SNAPPY')"
"$SLUICE" query --lake "$LAKE" "${DB_FLAG[@]}" --format tsv --no-header "SHOW CREATE TABLE shown" > "$WORK/shown.sql"
OTHER="$WORK/other-lake"
"$SLUICE" init "$OTHER" >/dev/null
if "$SLUICE" query --lake "$OTHER" "${DB_FLAG[@]}" - < "$WORK/shown.sql" >/dev/null 2>"$WORK/shown.err"; then
  "$SLUICE" query --lake "$OTHER" "${DB_FLAG[@]}" --format tsv --no-header "SHOW CREATE TABLE shown" > "$WORK/shown2.sql"
  cmp -s "$WORK/shown.sql" "$WORK/shown2.sql" && pass "the statement SHOW CREATE TABLE prints recreates the table exactly" ||
    { fail "the recreated table differs:"; diff "$WORK/shown.sql" "$WORK/shown2.sql" | head -10 | sed 's/^/     /' || true; }
else
  fail "the statement SHOW CREATE TABLE prints does not run:"; head -3 "$WORK/shown.err" | sed 's/^/     /'
fi
finish
