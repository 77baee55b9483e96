#!/usr/bin/env bash
# `sluice sql` driven through a pipe: statements over several lines and several per
# line, dot commands, errors that do not stop the shell, results fitted to the width.
source "$(dirname "$0")/lib.sh"

printf 'name,age\nAda,36\nBob,25\n"Semi;colon",41\n' > people.csv
awk 'BEGIN { print "k,v"; for (i = 0; i < 100; i++) print "key_" i "," i % 7 }' > keys.csv
shell() { "$SLUICE" sql --history "$WORK/history" "$@"; }

cat > script.sql <<'SQL'
SELECT name,
       age
FROM read_csv('people.csv')   -- a comment; with a semicolon
WHERE name <> 'x;y' /* and ; here */
ORDER BY age;
SELECT count(*) AS n FROM read_csv('people.csv'); SELECT max(age) AS oldest FROM read_csv('people.csv');
SQL
expect_exit 0 "statements from a pipe" -- shell < script.sql
expect_grep '^ Ada +\| +36 $' out "a statement over five lines, with ';' in strings and comments"
expect_grep 'Semi;colon' out "a ';' inside a value"
expect_grep '^ +3 $' out "two statements on one line: the first"
expect_grep '^ +41 $' out "two statements on one line: the second"
[ ! -s err ] && pass "no errors" || fail "unexpected errors: $(head -3 err)"

printf '.mode csv\nSELECT name FROM read_csv('"'"'people.csv'"'"') ORDER BY name;\n.mode jsonl\nSELECT age FROM read_csv('"'"'people.csv'"'"') ORDER BY age LIMIT 1;\n.timer on\nSELECT 1 AS one FROM read_csv('"'"'people.csv'"'"') LIMIT 1;\n' > modes.sql
expect_exit 0 ".mode and .timer" -- shell < modes.sql
expect_grep '^name$' out ".mode csv prints a header line"
expect_grep '^Semi;colon$' out ".mode csv prints CSV"
expect_grep '^\{"age":25\}$' out ".mode jsonl prints JSON lines"
expect_grep '^Run time: [0-9]+\.[0-9]{3} s$' out ".timer on prints the run time"

printf '.help\n.bogus\n.mode xml\n' | { shell >"$WORK/out" 2>"$WORK/err" || true; }
expect_grep '\.timer on\|off' out ".help lists the commands"
expect_grep "unknown or incomplete command '.bogus'" err "an unknown command is reported"
expect_grep "unknown mode 'xml'" err "an unknown mode is reported"

printf "SELECT nme FROM read_csv('people.csv');\nSELECT 7 AS after_error FROM read_csv('people.csv') LIMIT 1;\n" > errors.sql
expect_exit 1 "a failed statement makes piped input exit 1" -- shell < errors.sql
expect_grep "column 'nme' cannot be resolved" err "the error message"
expect_grep '^ +\^$' err "the error has a caret line"
expect_grep '^ +7 $' out "the shell continues after an error"

printf "SELECT k FROM read_csv('keys.csv');\n" > many.sql
expect_exit 0 "a long result" -- shell < many.sql
expect_grep '^… \(100 rows total\)$' out "a table shows 40 rows and the total"
[ "$(grep -c '^ key_' out)" -eq 40 ] && pass "40 rows shown" || fail "$(grep -c '^ key_' out) rows shown"
expect_exit 0 "--max-rows 0" -- shell --max-rows 0 < many.sql
expect_grep '^\(100 rows\)$' out "--max-rows 0 shows every row"

printf "SELECT rpad('x', 200, 'y') AS wide, 1 AS n FROM read_csv('people.csv') LIMIT 1;\n" > wide.sql
COLUMNS=40 expect_exit 0 "a wide column" -- shell < wide.sql
longest=$(sed 's/…/./g' out | awk '{ if (length($0) > m) m = length($0) } END { print m }')
[ "$longest" -le 40 ] && pass "lines fit COLUMNS=40 (longest $longest)" || fail "a line is $longest wide"
expect_grep 'xyyy.*…' out "a cut value ends with …"

printf "SELECT 1 AS x FROM read_csv('people.csv') LIMIT 1;\n.quit\nSELECT 2 AS y FROM read_csv('people.csv') LIMIT 1;\n" > quit.sql
expect_exit 0 ".quit" -- shell < quit.sql
grep -q '^ y' out && fail ".quit did not stop the shell" || pass ".quit stops reading"

printf "SELECT k, count(*) FROM read_csv('keys.csv') GROUP BY k;\n" > group.sql
awk 'BEGIN { print "k,v"; for (i = 0; i < 200000; i++) print "key_" i "," i % 7 }' > big.csv
sed -i 's/keys.csv/big.csv/' group.sql
expect_exit 1 "--memory-limit in the shell" -- shell --memory-limit 1MB < group.sql
expect_grep 'memory limit.*HashAggregate' err "the shell reports the operator over the limit"

printf "SELECT count(*) AS n FROM read_csv('people.csv')" > no_semicolon.sql
expect_exit 0 "a last statement without ';'" -- shell < no_semicolon.sql
expect_grep '^ +3 $' out "piped input may end without ';'"
finish
