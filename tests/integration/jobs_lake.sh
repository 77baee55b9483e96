#!/usr/bin/env bash
# ETL jobs on a lake, through the CLI (docs/JOBS.md):
#  - spec errors name the file, the line and the key;
#  - the four lake target modes (append, overwrite, overwrite_partitions,
#    error_if_exists) and new tables made with the step's schema;
#  - bookmarks over three runs with files landing in between; bookmark show, reset,
#    rewind to a run;
#  - typed --arg parameters, bound (a value with quotes is data);
#  - atomicity: a run whose second target fails leaves the first target and the
#    bookmark as they were; SLUICE_CRASH_AT kills at each point of the commit of a job
#    with two targets and a bookmark — the next command shows both targets and the
#    bookmark all before or all after, the run recorded accordingly, no staging left;
#  - timeout and run records (job runs, job show).
# Usage: tests/integration/jobs_lake.sh BUILD_DIR
source "$(dirname "$0")/lib.sh"
unset SLUICE_LAKE SLUICE_CRASH_AT

L="$WORK/lake"
"$SLUICE" init "$L" >/dev/null
mkdir -p "$L/drop/events" "$L/drop/companies" "$L/jobs"
q() { "$SLUICE" query --lake "$L" --format csv --no-header "$@"; }

# Redshift UNLOAD style: '|' delimited, every field quoted, \N nulls.
day() {  # day DATE FILE ROWS_PER_SPACE
  {
    echo '"company_id"|"space_id"|"event_ts"|"people_count"'
    for h in 08 09 10; do
      for s in 10 11 20; do
        c=$((s / 10))
        echo "\"$c\"|\"$s\"|\"$1 $h:15:00\"|\"$((s % 7 + 1))\""
        echo "\"$c\"|\"$s\"|\"$1 $h:45:00\"|\"\\N\""
      done
    done
  } >"$2"
}
day 2024-03-01 "$L/drop/events/2024-03-01.csv"
printf '"company_id"|"company_name"\n"1"|"Acme"\n"2"|"Globex"\n' >"$L/drop/companies/companies.csv"

cat >"$L/jobs/hourly.yaml" <<'EOF'
name: hourly
parameters:
  min_people: { type: integer, default: '0' }
sources:
  events: { path: drop/events/, format: csv, csv: { preset: redshift-unload, header: 'true' }, bookmark: true }
  companies: { path: drop/companies/, csv: { preset: redshift-unload, header: 'true' } }
steps:
  - name: hourly
    sql: |
      SELECT e.company_id, c.company_name, e.space_id,
             date_trunc('hour', CAST(e.event_ts AS timestamp)) AS hour,
             CAST(CAST(e.event_ts AS timestamp) AS date) AS event_date,
             coalesce(sum(e.people_count), 0) AS people
      FROM events e JOIN companies c ON e.company_id = c.company_id
      GROUP BY 1, 2, 3, 4, 5
      HAVING coalesce(sum(e.people_count), 0) >= :min_people
targets:
  - { from: hourly, table: curated.agg_hourly, partition_by: [event_date], mode: overwrite_partitions }
  - { from: hourly, table: curated.hourly_log, mode: append }
EOF

# ---- spec errors -------------------------------------------------------------------
bad() {  # bad NAME PATTERN DESCRIPTION  (spec on stdin)
  cat >"$WORK/$1.yaml"
  expect_exit 2 "$3" -- "$SLUICE" job validate "$WORK/$1.yaml" --lake "$L"
  expect_grep "$2" "$WORK/err" "$3: message"
}
bad typo "typo.yaml:4: unknown key 'steps\[0\].sqll' \(did you mean 'sql'" "a misspelt key is named with its line" <<'EOF'
name: t
sources: { e: { table: raw.x } }
steps:
  - { name: s, sqll: SELECT 1 }
targets: [ { from: s, table: curated.t } ]
EOF
bad mode "mode.yaml:4: targets\[0\].mode: 'merge' is not a mode of a lake target" "an unknown mode" <<'EOF'
name: t
sources: { e: { table: raw.x } }
targets:
  - { from: e, table: curated.t, mode: merge }
EOF
bad from "from.yaml:4: targets\[0\].from: 'nope' is no source or step" "a target from nothing" <<'EOF'
name: t
sources: { e: { table: raw.x } }
targets:
  - { from: nope, table: curated.t }
EOF
bad upsert "upsert.yaml:4: targets\[0\].mode: upsert needs keys" "upsert without keys" <<'EOF'
name: t
sources: { e: { table: raw.x } }
targets:
  - { from: e, connection: warehouse, postgres_table: public.t, mode: upsert }
EOF
bad missing "jobs/missing.yaml:3: sources.e \(source e\): table raw.nothing does not exist|missing.yaml:3: sources.e \(source e\): table raw.nothing does not exist" "a missing source table" <<'EOF'
name: t
sources:
  e: { table: raw.nothing }
targets: [ { from: e, table: curated.t } ]
EOF
cat >"$WORK/sqlerr.yaml" <<'EOF'
name: sqlerr
sources:
  companies: { path: drop/companies/, csv: { preset: redshift-unload, header: 'true' } }
steps:
  - name: s
    sql: |
      SELECT company_id,
             no_such_column
      FROM companies
targets: [ { from: s, table: curated.t } ]
EOF
expect_exit 2 "an error in a step's SQL" -- "$SLUICE" job validate "$WORK/sqlerr.yaml" --lake "$L"
expect_grep "sqlerr.yaml:6: steps\[0\].sql \(step s\) \(SQL line 2 is line 8 of [^ ]*sqlerr.yaml\): line 2:8: column 'no_such_column'" "$WORK/err" \
  "the SQL error names the step and the file's line"
expect_exit 0 "validate plans a good spec" -- "$SLUICE" job validate hourly --lake "$L"
expect_grep "target curated.agg_hourly \(overwrite_partitions, created\)" "$WORK/out" "validate shows each target's plan"
[ ! -d "$L/curated/agg_hourly" ] && pass "validate writes nothing" || fail "validate wrote curated/agg_hourly"

# ---- run 1, bookmarks over three runs ---------------------------------------------------
expect_exit 0 "run 1" -- "$SLUICE" job run hourly --lake "$L" -q
expect_grep "^run 1 SUCCEEDED" "$WORK/out" "run 1 succeeded"
[ "$(q "SELECT count(*), sum(people) FROM curated.agg_hourly")" = "9,48" ] && pass "run 1: 9 hourly rows" ||
  fail "run 1 rows: $(q "SELECT count(*), sum(people) FROM curated.agg_hourly")"
[ "$(q "SELECT count(*) FROM curated.hourly_log")" = "9" ] && pass "run 1: append target" || fail "append target"

expect_exit 0 "run 2 without new files" -- "$SLUICE" job run hourly --lake "$L" -q
expect_grep "no new files" "$WORK/out" "run 2 reads nothing"
[ "$(q "SELECT count(*) FROM curated.hourly_log")" = "9" ] && pass "run 2 writes nothing" || fail "run 2 wrote"

day 2024-03-02 "$L/drop/events/2024-03-02.csv"
expect_exit 0 "run 3 with a new day" -- "$SLUICE" job run hourly --lake "$L" --format json -q
expect_grep '"files_consumed": \[\s*$' "$WORK/out" "run 3 records its consumed files"
grep -q '2024-03-02.csv' "$WORK/out" && ! grep -q '2024-03-01.csv' "$WORK/out" && pass "run 3 read only the new file" ||
  fail "run 3 consumed: $(grep -o '20[0-9-]*\.csv' "$WORK/out" | tr '\n' ' ')"
[ "$(q "SELECT count(*) FROM curated.hourly_log")" = "18" ] && pass "run 3 appended the new day only" || fail "run 3 log"
[ "$(q "SELECT event_date, count(*) FROM curated.agg_hourly GROUP BY 1 ORDER BY 1" | tr '\n' ' ')" = \
  "2024-03-01,9 2024-03-02,9 " ] && pass "overwrite_partitions kept the first day" || fail "partitions after run 3"

# A late file for day 1: overwrite_partitions replaces exactly that day's partition.
day 2024-03-01 "$L/drop/events/2024-03-01-late.csv"
expect_exit 0 "run 4 with late data" -- "$SLUICE" job run hourly --lake "$L" -q
[ "$(q "SELECT event_date, count(*), sum(people) FROM curated.agg_hourly GROUP BY 1 ORDER BY 1" | tr '\n' ' ')" = \
  "2024-03-01,9,48 2024-03-02,9,48 " ] && pass "the late day's partition was replaced, not added to" ||
  fail "after run 4: $(q "SELECT event_date, count(*), sum(people) FROM curated.agg_hourly GROUP BY 1 ORDER BY 1" | tr '\n' ' ')"
[ "$(ls "$L/curated/agg_hourly/event_date=2024-03-01" | grep -c parquet)" = 1 ] && pass "the replaced partition holds one file" ||
  fail "files in the replaced partition: $(ls "$L/curated/agg_hourly/event_date=2024-03-01")"

expect_exit 0 "bookmark show" -- "$SLUICE" job bookmark show hourly --lake "$L"
[ "$(grep -c 'drop/events/' "$WORK/out")" = 3 ] && pass "three consumed files listed" || fail "bookmark show: $(cat "$WORK/out")"
expect_exit 0 "bookmark rewind to run 3" -- "$SLUICE" job bookmark reset hourly --to-run 3 --lake "$L"
expect_grep "^1 consumed file" "$WORK/out" "the rewind forgets run 4's file"
expect_exit 0 "bookmark reset" -- "$SLUICE" job bookmark reset hourly --lake "$L"
expect_exit 0 "run 5 after a reset" -- "$SLUICE" job run hourly --lake "$L" -q
# 27 rows before; the three files again: 9 hourly rows per day (day 1's two files together).
[ "$(q "SELECT count(*) FROM curated.hourly_log")" = "45" ] && pass "a reset re-reads every file" ||
  fail "after reset: $(q "SELECT count(*) FROM curated.hourly_log")"

# ---- arguments --------------------------------------------------------------------------
expect_exit 0 "bookmark reset for arguments" -- "$SLUICE" job bookmark reset hourly --lake "$L"
expect_exit 0 "a typed argument" -- "$SLUICE" job run hourly --lake "$L" --arg min_people=5 -q
[ "$(q "SELECT min(people) >= 5 FROM curated.agg_hourly")" = "true" ] && pass ":min_people filtered" || fail ":min_people"
expect_exit 0 "bookmark reset" -- "$SLUICE" job bookmark reset hourly --lake "$L"
expect_exit 1 "a badly typed argument fails the run" -- "$SLUICE" job run hourly --lake "$L" --arg "min_people=1'; DROP TABLE x; --" -q
expect_grep "not a integer|not an integer" "$WORK/err" "the bad argument is named"

# ---- modes ------------------------------------------------------------------------------
cat >"$L/jobs/modes.yaml" <<'EOF'
name: modes
parameters: { day: date }
sources:
  agg: { table: curated.agg_hourly }
steps:
  - { name: picked, sql: "SELECT * FROM agg WHERE event_date = :day" }
targets:
  - { from: picked, table: curated.m_over, partition_by: [event_date], mode: overwrite }
  - { from: picked, table: curated.m_once, mode: error_if_exists, format: json }
EOF
expect_exit 0 "overwrite + error_if_exists (new)" -- "$SLUICE" job run modes --arg day=2024-03-01 --lake "$L" -q
expect_exit 1 "error_if_exists refuses an existing table" -- "$SLUICE" job run modes --arg day=2024-03-02 --lake "$L" -q
expect_grep "curated.m_once exists \(mode error_if_exists\)" "$WORK/err" "error_if_exists names the table"
[ "$(q "SELECT DISTINCT event_date FROM curated.m_over")" = "2024-03-01" ] &&
  pass "a failed run left the other target as it was" || fail "m_over after the failed run"
sed -i 's/mode: error_if_exists, format: json/mode: append/' "$L/jobs/modes.yaml"
expect_exit 0 "overwrite again" -- "$SLUICE" job run modes --arg day=2024-03-02 --lake "$L" -q
[ "$(q "SELECT DISTINCT event_date FROM curated.m_over")" = "2024-03-02" ] && pass "overwrite replaced every partition" ||
  fail "overwrite: $(q "SELECT DISTINCT event_date FROM curated.m_over")"
[ "$(q "SELECT count(*) FROM curated.m_over")" = "$(q "SELECT count(*) FROM curated.agg_hourly WHERE event_date = DATE '2024-03-02'")" ] &&
  pass "overwrite row count" || fail "overwrite row count"
[ "$(q "SELECT count(*) FROM (SELECT DISTINCT partition_values FROM \"curated\".\"m_over\$partitions\")" 2>/dev/null || echo 1)" = 1 ] &&
  pass "the dropped partitions are gone from the catalog" || fail "m_over partitions"
[ ! -d "$L/curated/m_over/event_date=2024-03-01" ] || [ -z "$(ls "$L/curated/m_over/event_date=2024-03-01")" ] &&
  pass "the old partition's files are gone" || fail "old partition files stay"

# ---- atomicity: a failing second target --------------------------------------------------
cat >"$L/jobs/fails.yaml" <<'EOF'
name: fails
sources:
  events: { path: drop/events/, format: csv, csv: { preset: redshift-unload, header: 'true' }, bookmark: true }
steps:
  - { name: good, sql: "SELECT company_id, count(*) AS n FROM events GROUP BY 1" }
  - { name: bad, sql: "SELECT CAST(people_count * 1000000000 AS integer) AS p FROM events" }
targets:
  - { from: good, table: curated.f_good, mode: append }
  - { from: bad, table: curated.f_bad, mode: append }
EOF
expect_exit 1 "a run whose second target fails" -- "$SLUICE" job run fails --lake "$L" -q
expect_grep "targets\[1\]" "$WORK/err" "the error names the failing target"
expect_exit 1 "the first target was not created" -- "$SLUICE" query --lake "$L" "SELECT * FROM curated.f_good"
expect_exit 0 "bookmark after the failure" -- "$SLUICE" job bookmark show fails --lake "$L"
[ "$(grep -c 'drop/events' "$WORK/out")" = 0 ] && pass "the bookmark did not move" || fail "bookmark moved: $(cat "$WORK/out")"
[ -z "$(ls "$L/.sluice/staging")" ] && pass "no staging left" || fail "staging: $(ls "$L/.sluice/staging")"
expect_exit 0 "job runs" -- "$SLUICE" job runs fails --lake "$L"
expect_grep "FAILED" "$WORK/out" "the failed run is recorded"

# ---- atomicity: kill -9 at each point of the commit --------------------------------------
cat >"$L/jobs/two.yaml" <<'EOF'
name: two
sources:
  events: { path: drop/events/, format: csv, csv: { preset: redshift-unload, header: 'true' }, bookmark: true }
steps:
  - { name: per_space, sql: "SELECT space_id, CAST(CAST(event_ts AS timestamp) AS date) AS d, count(*) AS n FROM events GROUP BY 1, 2" }
targets:
  - { from: per_space, table: curated.t_a, partition_by: [d], mode: append }
  - { from: per_space, table: curated.t_b, mode: append }
EOF
expect_exit 0 "two: first run" -- "$SLUICE" job run two --lake "$L" -q
snapshot() {  # the two tables and the bookmark
  { q "SELECT count(*), sum(n) FROM curated.t_a"; q "SELECT count(*), sum(n) FROM curated.t_b"
    "$SLUICE" job bookmark show two --lake "$L" | grep -c drop/events; } 2>&1 | tr '\n' ' '
}
before=$(snapshot)
n=3
for point in before-journal after-journal after-moves after-catalog; do
  n=$((n + 1))
  day "2024-03-0$n" "$L/drop/events/2024-03-0$n.csv"
  cp -a "$L" "$WORK/copy"
  "$SLUICE" job run two --lake "$WORK/copy" -q >/dev/null 2>&1
  after=$(L="$WORK/copy"; "$SLUICE" query --lake "$L" --format csv --no-header "SELECT count(*), sum(n) FROM curated.t_a" 2>&1 | tr '\n' ' ')
  rm -rf "$WORK/copy"
  got=0
  SLUICE_CRASH_AT=$point "$SLUICE" job run two --lake "$L" -q >/dev/null 2>&1 || got=$?
  [ "$got" = 137 ] && pass "$point: killed" || fail "$point: exit $got"
  now=$(snapshot)  # the first command after the crash rolls forward or back
  if [ "$point" = before-journal ]; then
    [ "$now" = "$before" ] && pass "$point: all as before" || fail "$point: '$now' vs before '$before'"
    expect_exit 0 "$point: the next run" -- "$SLUICE" job run two --lake "$L" -q
  else
    case "$now" in "$after"*) pass "$point: all as after";; *) fail "$point: '$now' (t_a after: '$after')";; esac
    [ "$(echo "$now" | awk '{print $NF}')" = "$n" ] && pass "$point: the bookmark moved with the tables" ||
      fail "$point: bookmark: $now"
    [ "$(echo "$now" | awk '{print $1}')" = "$(echo "$now" | awk '{print $2}')" ] && pass "$point: both targets" ||
      fail "$point: t_a and t_b differ: $now"
    "$SLUICE" job runs two --lake "$L" --limit 1 >"$WORK/out"
    expect_grep "SUCCEEDED" "$WORK/out" "$point: the rolled-forward run is recorded as succeeded"
  fi
  [ -z "$(ls "$L/.sluice/staging")" ] && pass "$point: no staging left" || fail "$point: staging $(ls "$L/.sluice/staging")"
  [ -z "$(ls "$L/.sluice/commits" | grep json)" ] && pass "$point: no journal left" || fail "$point: journal left"
  before=$(snapshot)
done

# ---- archive -----------------------------------------------------------------------------
mkdir -p "$L/drop/arch"
day 2024-04-01 "$L/drop/arch/a.csv"
cat >"$L/jobs/arch.yaml" <<'EOF2'
name: arch
sources:
  events: { path: drop/arch/, format: csv, csv: { preset: redshift-unload, header: 'true' }, bookmark: true, archive: archive/arch }
targets: [ { from: events, table: curated.arch_out, mode: append } ]
EOF2
expect_exit 0 "a run that archives its files" -- "$SLUICE" job run arch --lake "$L" -q
[ -f "$L/archive/arch/a.csv" ] && [ ! -f "$L/drop/arch/a.csv" ] && pass "the consumed file moved to the archive" ||
  fail "archive: $(find "$L/archive" "$L/drop/arch" -type f)"
[ "$(q "SELECT count(*) FROM curated.arch_out")" = 18 ] && pass "archived rows were written" || fail "arch_out"

# ---- timeout -------------------------------------------------------------------------------
cat >"$L/jobs/slow.yaml" <<'EOF'
name: slow
timeout: 1
sources:
  agg: { table: curated.hourly_log }
steps:
  - name: s
    sql: |
      SELECT count(*) AS n FROM agg a, agg b, agg c, agg d, agg e WHERE a.people + b.people + c.people + d.people + e.people = -1
targets: [ { from: s, table: curated.slow_out } ]
EOF
expect_exit 124 "a run past its timeout" -- "$SLUICE" job run slow --lake "$L" -q
expect_grep "TIMEOUT" "$WORK/err" "the run's status is TIMEOUT"
expect_exit 0 "job show of the timed-out run" -- "$SLUICE" job show "$("$SLUICE" job runs slow --lake "$L" --format json | grep -o '"run_id": [0-9]*' | head -1 | grep -o '[0-9]*')" --lake "$L"
expect_grep "status|TIMEOUT" "$WORK/out" "job show prints the run"
finish
