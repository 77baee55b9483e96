#!/usr/bin/env bash
# Managed tables give PostgreSQL's results: tests/integration/dml/script.sql (CREATE
# TABLE, INSERT VALUES / SELECT with joins and aggregates, UPDATE with CASE, subqueries
# and NULLs, DELETE, ALTER TABLE ADD / DROP COLUMN / RENAME, DROP and re-create, a
# temporary table, window functions) runs on a throwaway PostgreSQL server (one psql
# session) and on sluice (one `sluice query -` process over a new lake), and the output
# of every statement must be the same: the rows of each query, the number of rows each
# INSERT / UPDATE / DELETE changed. Then once more on sluice with the tables the script
# marks (`-- sluice-with:`) partitioned, against the same PostgreSQL results.
# tests/integration/dml/pg_compare.py splits the outputs by statement and lists the
# normalisations (command tags vs `rows`, CSV quoting, t/f booleans); a mismatch prints
# a unified diff.
# Usage: tests/integration/dml_postgres.sh BUILD_DIR
# SLUICE_TEST_DATABASE=db runs sluice in db instead of the lake's default database.
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib.sh"
unset SLUICE_LAKE
REPO=$(cd "$HERE/../.." && pwd)
SCRIPT="$HERE/dml/script.sql"
COMPARE=(python3 "$HERE/dml/pg_compare.py")
DB=${SLUICE_TEST_DATABASE:-default}
DB_FLAG=()
[ -z "${SLUICE_TEST_DATABASE:-}" ] || DB_FLAG=(--database "$DB")

start_pg_test_server dml_postgres

# PostgreSQL: the reference results.
"${COMPARE[@]}" prepare pg "$SCRIPT" >pg.sql
if PGCLIENTENCODING=UTF8 psql -X -v ON_ERROR_STOP=1 --csv -f pg.sql "$URL" >pg.out 2>pg.err; then
  pass "PostgreSQL runs script.sql"
else
  fail "PostgreSQL runs script.sql (the script itself is wrong)"; sed 's/^/     /' pg.err | head -10 || true
fi
"${COMPARE[@]}" results pg "$SCRIPT" pg.out >pg.txt

# run_sluice TARGET: the whole script in one sluice process over a new lake
# (lake-TARGET); compares its results with PostgreSQL's.
run_sluice() {
  local target=$1 lake="lake-$1"
  "$SLUICE" init "$lake" >/dev/null
  "${COMPARE[@]}" prepare "$target" "$SCRIPT" >"$target.sql"
  local code=0
  "$SLUICE" query - --lake "$lake" "${DB_FLAG[@]}" --format csv <"$target.sql" >"$target.out" 2>"$target.err" || code=$?
  "${COMPARE[@]}" results "$target" "$SCRIPT" "$target.out" >"$target.txt"
  if [ "$code" -eq 0 ]; then pass "$target: sluice runs script.sql in one session"; else
    local last
    last=$(grep -oE '^stmt-[0-9]+$' "$target.out" | tail -1 || true)
    if [ -n "$last" ]; then fail "$target: sluice exits $code at statement ${last#stmt-}:"; else
      fail "$target: sluice exits $code before running a statement (it parses the whole script first):"; fi
    sed 's/^/     /' "$target.err" | head -8 || true
  fi
  if diff -u --label postgresql --label "sluice ($target)" pg.txt "$target.txt" >"$target.diff"; then
    pass "$target: every statement's result equals PostgreSQL's ($(grep -c '^== ' pg.txt) statements)"
  else
    fail "$target: results differ from PostgreSQL's (- postgresql, + sluice):"
    head -200 "$target.diff" | sed 's/^/     /'
    [ "$(wc -l <"$target.diff")" -le 200 ] || echo "     … ($(wc -l <"$target.diff") lines in all)"
  fi
}

run_sluice sluice
run_sluice sluice-partitioned

# The directives really made partitioned tables: partition folders, a NULL region in
# the default partition.
for folder in customers/region=emea customers/region=latam orders/status=new customer_summary/region=amer; do
  [ -d "lake-sluice-partitioned/$DB/$folder" ] && pass "partitioned run: $DB/$folder/ exists" ||
    fail "partitioned run: $DB/$folder/ missing"
done
ls lake-sluice-partitioned/$DB/customers 2>/dev/null | grep -q '__HIVE_DEFAULT_PARTITION__' &&
  pass "partitioned run: the NULL region is a partition" || fail "partitioned run: no NULL-region partition"
[ ! -e lake-sluice/$DB/orders_archive ] || [ -z "$(ls lake-sluice/$DB/orders_archive)" ] &&
  pass "a dropped and re-created table has no files left" || fail "default/orders_archive keeps files"
[ ! -e lake-sluice/$DB/customer_totals ] && pass "DROP TABLE removes the table's folder" ||
  fail "default/customer_totals/ still exists after DROP TABLE"
finish
