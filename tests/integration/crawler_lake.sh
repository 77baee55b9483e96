#!/usr/bin/env bash
# `sluice crawl` end to end: `sluice init` a lake, write the crawler test drop zone
# (make_crawler_lake.sh: Redshift UNLOAD space events, Hive and unnamed partitions,
# schema drift, every compression, Parquet, junk and marker files), crawl it with a
# crawler from sluice.yaml and ad hoc, and check the catalog (`sluice catalog … --format
# json`), the run's details, incremental re-crawls, --full, and the errors.
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib.sh"

expect_exit 0 "sluice init" -- "$SLUICE" init lake
bash "$HERE/make_crawler_lake.sh" "$SLUICE" "$DATAGEN" "$WORK/lake/drop"
# A crawler of the space events with the Redshift preset forced (sluice.yaml).
python3 - lake/sluice.yaml <<'EOF'
import re, sys
path = sys.argv[1]
text = open(path).read()
crawler = """  - name: space_events
    path: drop/space_events
    database: raw
    csv: { preset: redshift-unload }
"""
if re.search(r"^crawlers:\s*\[\]\s*$", text, re.M):
    text = re.sub(r"^crawlers:\s*\[\]\s*$", "crawlers:\n" + crawler.rstrip("\n"), text, flags=re.M)
elif re.search(r"^crawlers:\s*$", text, re.M):
    text = re.sub(r"^crawlers:\s*$", "crawlers:\n" + crawler.rstrip("\n"), text, count=1, flags=re.M)
else:
    text += "\ncrawlers:\n" + crawler
open(path, "w").write(text)
EOF
# Let the folders' times age past the crawler's "racy" window (2 s), so that the
# re-crawls below list only what changed.
sleep 3

# --- The configured crawler: one table over the Redshift UNLOAD files -------------------
expect_exit 0 "sluice crawl space_events" -- "$SLUICE" crawl --lake lake space_events --format json
jq -e '.status == "succeeded" and .tables_created == ["raw.space_events"] and .partitions_added == 3
       and .files.read == 6 and .files.by_compression.gzip == 3' "$WORK/out" >/dev/null &&
  pass "space_events: one table, 3 partitions, 6 files read" || fail "space_events details: $(head -c 400 "$WORK/out")"
expect_exit 0 "describe raw.space_events" -- "$SLUICE" catalog --lake lake describe raw.space_events --format json
jq -e '[.columns[].name] == ["column0","column1","column2","column3","column4","column5","column6","column7"]
       and [.partition_keys[] | .name + " " + .type] == ["event_date date"]
       and .format == "csv" and .format_options.preset == "redshift-unload" and .format_options.delimiter == "|"
       and .location == "drop/space_events"' "$WORK/out" >/dev/null &&
  pass "space_events: columns, partition key, Redshift dialect, location" ||
  fail "space_events table: $(head -c 600 "$WORK/out")"

# --- An ad hoc crawl of the whole drop zone ------------------------------------------------
expect_exit 0 "sluice crawl --path drop --database raw" -- \
  "$SLUICE" crawl --lake lake --path drop --database raw --exclude 'space_events/**' --format json
cp "$WORK/out" "$WORK/drop_cold.json"
jq -e '.tables_created == ["raw.clicks","raw.events","raw.metrics","raw.users"]
       and .files.read == 14 and .files.unreadable == 2 and .warnings_total == 2
       and ([.warnings[].path] == ["metrics/dt=2024-01-02/corrupt.parquet","users/junk.csv"])' \
  "$WORK/drop_cold.json" >/dev/null && pass "drop: 4 tables, 2 unreadable files reported" ||
  fail "drop details: $(head -c 800 "$WORK/drop_cold.json")"
expect_exit 0 "sluice catalog tables raw" -- "$SLUICE" catalog --lake lake tables raw --format json
jq -e '[.[].name] | sort == ["clicks","events","metrics","space_events","users"]' "$WORK/out" >/dev/null &&
  pass "catalog lists the crawled tables" || fail "catalog tables: $(head -c 600 "$WORK/out")"
expect_exit 0 "describe raw.events" -- "$SLUICE" catalog --lake lake describe raw.events --format json
jq -e '[.columns[] | .name + " " + .type] == ["id bigint","kind varchar","amount decimal(20,1)","country varchar"]
       and [.partition_keys[] | .name + " " + .type] == ["event_date date","hour bigint"]' "$WORK/out" >/dev/null &&
  pass "events: drift unified (new, missing, widened columns)" || fail "events table: $(head -c 600 "$WORK/out")"
expect_exit 0 "partitions raw.clicks" -- "$SLUICE" catalog --lake lake partitions raw.clicks --format json
jq -e 'length == 3' "$WORK/out" >/dev/null && pass "clicks: 3 unnamed partitions" ||
  fail "clicks partitions: $(head -c 600 "$WORK/out")"

# --- Incremental: nothing changed, then 2 new files ------------------------------------
CRAWL=("$SLUICE" crawl --lake lake --path drop --database raw --exclude 'space_events/**' --format json)
expect_exit 0 "re-crawl, nothing changed" -- "${CRAWL[@]}"
jq -e '.files.read == 0 and .folders.listed == 0 and .partitions_added == 0' "$WORK/out" >/dev/null &&
  pass "unchanged re-crawl lists and reads nothing" || fail "unchanged re-crawl: $(head -c 600 "$WORK/out")"
mkdir -p lake/drop/events/event_date=2024-01-04/hour=0 lake/drop/clicks/2024/02/02
printf 'id,kind,amount\n10,view,1\n' >lake/drop/events/event_date=2024-01-04/hour=0/part-0.csv
printf '{"user":"u5","n":5}\n' >lake/drop/clicks/2024/02/02/d.jsonl
expect_exit 0 "re-crawl after 2 new files" -- "${CRAWL[@]}"
jq -e '.files.read == 2 and .partitions_added == 2 and .tables_updated == ["raw.clicks","raw.events"]' \
  "$WORK/out" >/dev/null && pass "re-crawl reads only the 2 new files" || fail "re-crawl: $(head -c 600 "$WORK/out")"
expect_exit 0 "--full" -- "${CRAWL[@]}" --full
jq -e '.full and .files.read == 16' "$WORK/out" >/dev/null && pass "--full reads every file" ||
  fail "--full: $(head -c 600 "$WORK/out")"

# --- The table output, the runs, the errors ---------------------------------------------
rm -r lake/drop/users
expect_exit 0 "crawl prints a summary table" -- "$SLUICE" crawl --lake lake --path drop --database raw --exclude 'space_events/**'
expect_grep '^raw\.users +deleted' "$WORK/out" "the table output names the deleted table"
expect_grep 'tables? deleted' "$WORK/out" "the summary line"
expect_exit 0 "sluice catalog runs" -- "$SLUICE" catalog --lake lake runs --format json
jq -e '[.[] | select(.kind == "crawl")] | length == 6' "$WORK/out" >/dev/null && pass "6 crawl runs recorded" ||
  fail "runs: $(head -c 600 "$WORK/out")"
expect_exit 2 "unknown crawler" -- "$SLUICE" crawl --lake lake nope
expect_grep "no crawler named 'nope'" "$WORK/err" "names the unknown crawler"
expect_exit 2 "--path without --database" -- "$SLUICE" crawl --lake lake --path drop
expect_exit 2 "a path outside the lake" -- "$SLUICE" crawl --lake lake --path ../x --database raw
expect_exit 1 "a database that does not exist" -- "$SLUICE" crawl --lake lake --path drop --database nope
expect_grep "database nope does not exist" "$WORK/err" "names the missing database"

# --- Querying crawled tables -------------------------------------------------------------
expect_exit 0 "query raw.space_events with a partition filter" -- "$SLUICE" query --lake lake --format csv --no-header \
  "SELECT count(*), count(column0) FROM raw.space_events WHERE event_date = DATE '2024-01-02'"
expect_same "$WORK/out" <(echo 250,250) "250 rows on 2024-01-02 (200 plain + 50 gzip)"
expect_exit 0 "EXPLAIN prunes to one partition" -- "$SLUICE" query --lake lake \
  "EXPLAIN SELECT count(*) FROM raw.space_events WHERE event_date = DATE '2024-01-02'"
expect_grep 'partitions=1/3' "$WORK/out" "EXPLAIN shows partitions=1/3"
expect_exit 0 "query raw.clicks (JSON lines, unnamed levels)" -- "$SLUICE" query --lake lake --format csv --no-header \
  "SELECT sum(n), max(partition_2) FROM raw.clicks WHERE partition_1 = '02'"
expect_same "$WORK/out" <(echo 9,02) "clicks of February: u4 and u5"
expect_exit 0 "query raw.events (drift across CSV files, every compression)" -- \
  "$SLUICE" query --lake lake --format csv --no-header "SELECT count(*), sum(amount), count(country) FROM raw.events"
expect_same "$WORK/out" <(echo 8,158.5,2) "events: 8 rows, amounts widened to decimal, country only on day 2"
finish
