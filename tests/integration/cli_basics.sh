#!/usr/bin/env bash
# The command line: version, help, errors and exit codes, bad-row policies, atomic output.
source "$(dirname "$0")/lib.sh"

expect_exit 0 "--version" -- "$SLUICE" --version
expect_grep '^sluice [0-9]+\.[0-9]+\.[0-9]+' out "--version prints the version"
expect_exit 0 "help" -- "$SLUICE" help
expect_grep 'schema' out "help lists schema"
expect_grep 'convert' out "help lists convert"
for cmd in schema convert; do
  expect_exit 0 "$cmd --help" -- "$SLUICE" "$cmd" --help
  expect_grep 'Examples' out "$cmd --help shows examples"
  expect_exit 0 "help $cmd" -- "$SLUICE" help "$cmd"
done
expect_exit 2 "unknown command is a usage error" -- "$SLUICE" frobnicate
expect_exit 2 "help for an unknown command" -- "$SLUICE" help frobnicate

expect_exit 74 "missing input is an I/O error" -- "$SLUICE" convert missing.csv out.jsonl
expect_grep "missing.csv" err "the error names the missing file"
[ ! -e out.jsonl ] && pass "no output after a failed conversion" || fail "output exists after failure"

printf 'id,name,qty\n1,a,10\n2,b,20\n3,c\n4,d,abc\n5,e,50\n' > bad.csv
echo '{"old":true}' > keep.jsonl
expect_exit 65 "a bad row fails by default" -- "$SLUICE" convert bad.csv keep.jsonl --types qty=integer
expect_grep 'bad.csv:4' err "the error names file and line"
expect_grep '3' err "the error says how many fields were expected"
expect_same keep.jsonl <(echo '{"old":true}') "a failed conversion leaves the old output untouched"
[ -z "$(ls -A . | grep '\.tmp-' || true)" ] && pass "no temporary files left behind" || fail "temporary files left"

expect_exit 0 "--on-error skip" -- "$SLUICE" convert bad.csv skip.jsonl --types qty=integer \
  --on-error skip --rejects rejects.jsonl
expect_grep '2 rejected' err "the summary counts rejected rows"
[ "$(wc -l < skip.jsonl)" -eq 3 ] && pass "skip keeps the 3 good rows" || fail "skip kept $(wc -l < skip.jsonl) rows"
expect_grep '"line":4' rejects.jsonl "rejects file names line 4"
expect_grep '"line":5' rejects.jsonl "rejects file names line 5"
expect_grep 'abc' rejects.jsonl "rejects file holds the raw row"

expect_exit 0 "--on-error null" -- "$SLUICE" convert bad.csv null.jsonl --types qty=integer --on-error null
expect_grep '"qty":null' null.jsonl "null policy writes NULL for the bad value"
[ "$(wc -l < null.jsonl)" -eq 5 ] && pass "null keeps all 5 rows" || fail "null kept $(wc -l < null.jsonl) rows"
expect_grep '2 nulled' err "the summary counts nulled rows"

expect_exit 0 "quiet when stderr is not a terminal" -- "$SLUICE" convert bad.csv p.jsonl --on-error null
if grep -q $'\r' err; then fail "progress written to a non-terminal"; else pass "no progress redraws off a terminal"; fi

expect_exit 0 "schema of a CSV" -- "$SLUICE" schema bad.csv
expect_grep 'delimiter: +' out "schema shows the delimiter"
expect_grep 'header: +yes' out "schema detects the header"

expect_exit 2 "bad --on-error value" -- "$SLUICE" convert bad.csv x.jsonl --on-error maybe
expect_exit 2 "bad type name" -- "$SLUICE" convert bad.csv x.jsonl --types qty=integr
expect_grep "integr" err "the error names the bad type"
# A key first seen, and a type contradicted, past the first 8 MiB block: the conversion
# restarts with the widened schema, so every output row has the same columns and types.
awk 'BEGIN { for (i = 0; i < 1200000; i++) print "{\"a\":" i "}"; print "{\"a\":\"x\",\"b\":2.5}" }' > late.jsonl
expect_exit 0 "late widening to CSV" -- "$SLUICE" convert late.jsonl late.csv
expect_grep 'restarting' err "the conversion restarts after widening"
[ "$(awk -F, 'NF != 2' late.csv | wc -l)" -eq 0 ] && pass "every CSV row has both columns" || fail "ragged CSV after widening"
expect_exit 0 "late widening to JSON" -- "$SLUICE" convert late.jsonl late.out.jsonl
expect_grep '^\{"a":"0","b":null\}$' late.out.jsonl "earlier rows carry the widened type and the new key"
finish
