#!/usr/bin/env bash
# `sluice query`: formats, headers, NULL in TSV, --output, stdin, several statements,
# --memory-limit and EXPLAIN ANALYZE.
source "$(dirname "$0")/lib.sh"

printf 'name,age\nAda,36\nBob,\n' > people.csv
q="SELECT name, age FROM read_csv('people.csv') ORDER BY name"

expect_exit 0 "tsv" -- "$SLUICE" query "$q" --format tsv
expect_same out <(printf 'name\tage\nAda\t36\nBob\tNULL\n') "tsv has a header and prints NULL as NULL"
expect_exit 0 "tsv --no-header" -- "$SLUICE" query "$q" --format tsv --no-header
expect_same out <(printf 'Ada\t36\nBob\tNULL\n') "tsv --no-header"
expect_exit 0 "csv --no-header" -- "$SLUICE" query "$q" --format csv --no-header
expect_same out <(printf 'Ada,36\nBob,\n') "csv --no-header, NULL as an empty field"
expect_exit 0 "jsonl" -- "$SLUICE" query "$q" --format jsonl
expect_same out <(printf '{"name":"Ada","age":36}\n{"name":"Bob","age":null}\n') "jsonl"
expect_exit 2 "an unknown format" -- "$SLUICE" query "$q" --format xml

expect_exit 0 "--output" -- "$SLUICE" query "$q" --format csv --output result.csv
expect_same result.csv <(printf 'name,age\nAda,36\nBob,\n') "--output writes the file"
[ ! -s out ] && pass "nothing on stdout with --output" || fail "stdout not empty"
expect_exit 1 "a failing statement with --output" -- "$SLUICE" query "$q; SELECT nme FROM read_csv('people.csv')" --output result.csv --format csv
expect_same result.csv <(printf 'name,age\nAda,36\nBob,\n') "a failed run leaves the old output file"

printf "SET TIME ZONE 'Europe/Oslo';\nSELECT count(*) AS n FROM read_csv('people.csv');\nSELECT max(age) AS m FROM read_csv('people.csv')\n" > two.sql
expect_exit 0 "statements from stdin" -- "$SLUICE" query - --format tsv < two.sql
expect_same out <(printf 'n\n2\nm\n36\n') "every statement's result, in order"
expect_exit 0 "--time-zone" -- "$SLUICE" query "SELECT count(*) FROM read_csv('people.csv')" --time-zone America/New_York
expect_exit 2 "an unknown --time-zone" -- "$SLUICE" query "SELECT count(*) FROM read_csv('people.csv')" --time-zone Mars/Base

awk 'BEGIN { print "k,v"; for (i = 0; i < 200000; i++) print "key_" i "," i % 7 }' > keys.csv
group="SELECT k, count(*) FROM read_csv('keys.csv') GROUP BY k"
expect_exit 1 "GROUP BY past --memory-limit 1MB fails" -- "$SLUICE" query "$group" --memory-limit 1MB
expect_grep '^sluice: out of memory: query memory limit of 1.0 MiB exceeded by HashAggregate' err \
  "the error names the limit and the operator"
[ ! -s out ] && pass "no result printed" || fail "a result was printed"
expect_exit 0 "the same query under a percentage limit" -- "$SLUICE" query "$group" --memory-limit 50% --format csv --no-header
[ "$(wc -l < out)" -eq 200000 ] && pass "every group" || fail "$(wc -l < out) groups"
expect_exit 0 "--memory-limit 0 is no limit" -- "$SLUICE" query "$group" --memory-limit 0 --format csv --no-header
expect_exit 2 "a bad --memory-limit" -- "$SLUICE" query "$group" --memory-limit lots
expect_grep 'memory-limit' err "the error names the flag"

expect_exit 0 "EXPLAIN ANALYZE" -- "$SLUICE" query "EXPLAIN ANALYZE SELECT v, count(*) FROM read_csv('keys.csv') GROUP BY v ORDER BY v" --format tsv --no-header
expect_grep '^  Sort  \(rows: 7, time: [0-9.]+ ms, peak memory: ' out "EXPLAIN ANALYZE shows the sort's rows, time and memory"
expect_grep 'HashAggregate .*\(rows: 7, time: [0-9.]+ ms, peak memory: [0-9.]+ [KMG]iB\)' out "and the aggregate's"
expect_grep 'rows: 200,000' out "and the scan's rows"
expect_grep '^Total: [0-9.]+ ms wall time, peak memory ' out "and a total line"
finish
