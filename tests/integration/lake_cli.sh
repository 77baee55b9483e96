#!/usr/bin/env bash
# The lake from the command line: `sluice init`, finding the lake (--lake, SLUICE_LAKE,
# sluice.yaml upward), `sluice catalog …` as tables and as JSON, clear errors.
source "$(dirname "$0")/lib.sh"
unset SLUICE_LAKE

# json_check FILE PYTHON_EXPRESSION DESCRIPTION: FILE parses as one JSON document `d`
# and the expression is true.
json_check() {
  if python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1" 2>"$WORK/json_err"; then
    pass "$3"
  else
    fail "$3"; head -c 600 "$1" | sed 's/^/     /'; sed 's/^/     /' "$WORK/json_err" | tail -3
  fi
}

expect_exit 0 "init" -- "$SLUICE" init demo
expect_grep "demo" out "init names the lake"
expect_grep "sluice.yaml" out "init lists sluice.yaml"
expect_grep "drop/" out "init lists the drop zone"
expect_grep "sluice crawl" out "init says what to do next"
for f in sluice.yaml README.md .sluice/catalog.db; do
  [ -f "demo/$f" ] && pass "demo/$f exists" || fail "demo/$f missing"
done
for d in drop raw curated .sluice/staging; do
  [ -d "demo/$d" ] && pass "demo/$d/ exists" || fail "demo/$d/ missing"
done
expect_grep "^crawlers:" demo/sluice.yaml "sluice.yaml has crawlers"
expect_grep "path: drop" demo/sluice.yaml "the example crawler crawls drop/"
expect_grep "^#" demo/sluice.yaml "sluice.yaml is commented"

expect_exit 2 "init refuses a folder that holds a lake" -- "$SLUICE" init demo
expect_grep "already holds a lake" err "the refusal says why"

expect_exit 0 "catalog databases (--lake)" -- "$SLUICE" catalog databases --lake demo
for zone in drop raw curated default; do expect_grep " $zone " out "catalog databases lists $zone"; done
expect_grep "\(4 rows\)" out "four databases: the zones and default"

expect_exit 0 "catalog databases --format json" -- "$SLUICE" catalog databases --lake demo --format json
json_check out "sorted(x['name'] for x in d) == ['curated', 'default', 'drop', 'raw']" "JSON lists the zones and default"
json_check out "all(x['location'] == x['name'] for x in d)" "each database is located at its folder"

# From a subfolder: the lake is found upward.
mkdir -p demo/drop/events/day=1
(cd demo/drop/events/day=1 && "$SLUICE" catalog databases --format json) >"$WORK/out" 2>"$WORK/err" \
  && pass "catalog from a subfolder finds the lake" || { fail "catalog from a subfolder"; cat "$WORK/err"; }
json_check out "len(d) == 4" "the subfolder sees the lake's four databases"

# SLUICE_LAKE.
expect_exit 0 "catalog tables with SLUICE_LAKE" -- env SLUICE_LAKE="$WORK/demo" "$SLUICE" catalog tables raw
expect_grep "\(0 rows\)" out "a new lake has no tables"
expect_exit 0 "catalog tables --format json" -- env SLUICE_LAKE="$WORK/demo" "$SLUICE" catalog tables --format json
json_check out "d == []" "no tables as JSON"
expect_exit 0 "--lake and --format before the subcommand" -- "$SLUICE" catalog --lake demo --format json tables
json_check out "d == []" "flags before the subcommand work"
expect_exit 0 "catalog runs" -- "$SLUICE" catalog runs --lake demo --limit 5
expect_exit 0 "catalog runs --format json" -- "$SLUICE" catalog runs --lake demo --format json
json_check out "isinstance(d, list)" "runs as JSON"

# Errors.
expect_exit 1 "catalog tables of an unknown database fails" -- "$SLUICE" catalog tables nope --lake demo
expect_grep "database 'nope' does not exist" err "the error names the database"
expect_exit 1 "describe of an unknown table fails" -- "$SLUICE" catalog describe raw.nope --lake demo
expect_grep "table raw.nope does not exist" err "the error names the table"
expect_exit 1 "partitions of an unknown database fails" -- "$SLUICE" catalog partitions nope.t --lake demo
expect_grep "database 'nope'" err "the error names the database"
expect_exit 2 "describe needs DB.TABLE" -- "$SLUICE" catalog describe events --lake demo
expect_grep "DB.TABLE" err "the error says what is expected"
expect_exit 2 "an unknown format fails" -- "$SLUICE" catalog databases --lake demo --format xml
expect_exit 2 "catalog needs a subcommand" -- "$SLUICE" catalog

mkdir nolake
code=0
(cd nolake && "$SLUICE" catalog databases) >"$WORK/out" 2>"$WORK/err" || code=$?
[ "$code" -eq 2 ] && pass "no lake is an error (exit 2)" || fail "no lake: exit $code"
expect_grep "sluice init DIR" err "the error says how to make a lake"
expect_exit 2 "--lake naming a folder without sluice.yaml fails" -- "$SLUICE" catalog databases --lake nolake
expect_grep "nolake is not a lake \(no sluice.yaml in $WORK/nolake\); create one with \`sluice init nolake\`" err \
  "the error says the folder is not a lake and how to make one"
expect_exit 2 "SLUICE_LAKE naming a folder without sluice.yaml fails" -- \
  env SLUICE_LAKE="$WORK/nolake" "$SLUICE" catalog databases
expect_grep "SLUICE_LAKE=$WORK/nolake: $WORK/nolake is not a lake" err "the error names the variable and the folder"
expect_exit 2 "--lake naming a folder that does not exist fails" -- "$SLUICE" catalog databases --lake missing
expect_grep "^sluice: .*--lake missing: missing does not exist" err "the error says the folder does not exist"
expect_exit 2 "SLUICE_LAKE naming a folder that does not exist fails" -- \
  env SLUICE_LAKE="$WORK/missing" "$SLUICE" catalog databases
expect_grep "SLUICE_LAKE=$WORK/missing: $WORK/missing does not exist" err "the variable's folder does not exist"
# Queries too: a named lake must be one (queries over files need no lake, but a wrong
# --lake or SLUICE_LAKE is an error, not silently ignored).
expect_exit 2 "query --lake naming a folder without sluice.yaml fails" -- "$SLUICE" query --lake nolake "SELECT 1"
expect_grep "nolake is not a lake" err "query: the error says the folder is not a lake"
expect_exit 2 "query with SLUICE_LAKE naming a missing folder fails" -- \
  env SLUICE_LAKE="$WORK/missing" "$SLUICE" query "SELECT 1"
expect_grep "missing does not exist" err "query: the error says the folder does not exist"
expect_exit 2 "sql --lake naming a missing folder fails" -- sh -c 'echo "SELECT 1;" | "$0" sql --lake missing' "$SLUICE"
expect_grep "missing does not exist" err "sql: the error says the folder does not exist"

# With a lake and no --database, the current database is `default`.
expect_exit 0 "SHOW TABLES without --database" -- "$SLUICE" query --lake demo "SHOW TABLES"
expect_exit 1 "an unqualified unknown table is looked up in default" -- "$SLUICE" query --lake demo "SELECT * FROM nope"
expect_grep "default.nope" err "the error names default.nope"

# A broken config names file and line.
printf 'zones: [drop, raw]\nzone_list: [x]\n' > nolake/sluice.yaml
expect_exit 2 "a bad sluice.yaml fails" -- "$SLUICE" catalog databases --lake nolake
expect_grep "sluice.yaml:2: unknown key 'zone_list'" err "the error names file, line and key"

# A crawled table through every catalog view (once `sluice crawl` exists).
if "$SLUICE" help crawl >/dev/null 2>&1; then
  mkdir -p demo/drop/events/day=2024-01-01 demo/drop/events/day=2024-01-02
  printf 'id,kind\n1,a\n2,b\n' > demo/drop/events/day=2024-01-01/part-0.csv
  printf 'id,kind\n3,c\n' > demo/drop/events/day=2024-01-02/part-0.csv
  expect_exit 0 "crawl drop/events" -- "$SLUICE" crawl --lake demo --path drop/events --database raw
  expect_exit 0 "catalog tables raw" -- "$SLUICE" catalog tables raw --lake demo
  expect_grep "^ raw +\| events +\| external +\| csv " out "the crawled table is listed"
  expect_exit 0 "describe raw.events" -- "$SLUICE" catalog describe raw.events --lake demo
  expect_grep "^ day +\| " out "describe shows the partition key"
  expect_grep "location +\| drop/events" out "describe shows the location"
  expect_exit 0 "describe raw.events --format json" -- "$SLUICE" catalog describe RAW.events --lake demo --format json
  json_check out "d['name'] == 'events' and [c['name'] for c in d['partition_keys']] == ['day'] and d['partitions'] == 2" \
    "describe as JSON"
  expect_exit 0 "partitions raw.events" -- "$SLUICE" catalog partitions raw.events --lake demo
  expect_grep "2024-01-02" out "partitions lists the days"
  expect_grep "\(2 rows\)" out "two partitions"
  expect_exit 0 "partitions --format json" -- "$SLUICE" catalog partitions raw.events --lake demo --format json
  json_check out "[p['values']['day'] for p in d] == ['2024-01-01', '2024-01-02']" "partitions as JSON, in order"
  expect_exit 0 "versions raw.events" -- "$SLUICE" catalog versions raw.events --lake demo --format json
  json_check out "d[0]['version'] == 1 and d[0]['cause']['kind'] == 'crawler'" "version 1 made by the crawler"
  expect_exit 0 "runs" -- "$SLUICE" catalog runs --lake demo
  expect_grep "crawl" out "the crawl is a recorded run"
else
  echo "skip the crawled-table checks: no 'sluice crawl' yet"
fi

# Zones of its own.
expect_exit 0 "init with zones of its own" -- "$SLUICE" init medallion --zones landing,bronze,silver --name med
expect_exit 0 "its databases" -- "$SLUICE" catalog databases --lake medallion --format json
json_check out "sorted(x['name'] for x in d) == ['bronze', 'default', 'landing', 'silver']" \
  "the custom zones are databases, with default"
expect_grep "name: med" medallion/sluice.yaml "--name is written"

finish
