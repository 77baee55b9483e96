#!/usr/bin/env bash
# Runs the examples of docs/SQL.md against build/sluice, in a folder whose data/ is
# tests/sql/data:
#   - a ```sql block followed by a ```text block: `sluice query` prints the text block
#     (stdout and stderr; trailing spaces ignored);
#   - a table cell `EXPRESSION` → `RESULT`: `SELECT EXPRESSION` prints RESULT
#     (--format tsv; `\|` in a table stands for `|`).
repo="$(cd "$(dirname "$0")/../.." && pwd)"
source "$repo/tests/integration/lib.sh"
docs="$repo/docs/SQL.md"
ln -s "$repo/tests/sql/data" data

# Query blocks and their results, as ex_N.sql / ex_N.txt (with the doc line in ex_N.line).
awk -v dir="$WORK" '
  function flush() { if (sql != "") { n++; printf "%s", sql > (dir "/ex_" n ".sql"); printf "%s", text > (dir "/ex_" n ".txt"); print line > (dir "/ex_" n ".line"); close(dir "/ex_" n ".sql"); close(dir "/ex_" n ".txt"); close(dir "/ex_" n ".line") } sql = ""; text = "" }
  state == "sql" && /^```$/ { state = "after_sql"; next }
  state == "sql" { pending = pending $0 "\n"; next }
  state == "text" && /^```$/ { sql = pending; flush(); pending = ""; state = ""; next }
  state == "text" { text = text $0 "\n"; next }
  state == "after_sql" && /^[ \t]*$/ { next }
  state == "after_sql" && /^```text$/ { state = "text"; text = ""; next }
  state == "after_sql" { pending = ""; state = "" }
  /^```sql$/ { state = "sql"; pending = ""; line = NR; next }
' "$docs"

strip() { sed -e 's/[[:space:]]*$//' "$1"; }
for sql_file in "$WORK"/ex_*.sql; do
  n=${sql_file##*/ex_}; n=${n%.sql}
  where="docs/SQL.md:$(cat "$WORK/ex_$n.line")"
  "$SLUICE" query "$(cat "$sql_file")" > "$WORK/got" 2>&1 || true
  if diff <(strip "$WORK/ex_$n.txt") <(strip "$WORK/got") > "$WORK/diff"; then
    pass "$where"
  else
    fail "$where: the output differs (< documented, > printed)"; sed 's/^/     /' "$WORK/diff" | head -20
  fi
done

# Expression examples in tables.
grep -n '^|' "$docs" | grep -o -P '^[0-9]+:|`[^`]+` → `[^`]*`' | while IFS= read -r item; do
  if [[ "$item" =~ ^([0-9]+):$ ]]; then line=${BASH_REMATCH[1]}; continue; fi
  [[ "$item" =~ ^\`(.*)\`\ →\ \`(.*)\`$ ]] || continue
  expr=${BASH_REMATCH[1]//\\|/|}
  want=${BASH_REMATCH[2]//\\|/|}
  got=$("$SLUICE" query "SELECT $expr" --format tsv --no-header 2>&1) || true
  if [ "$got" == "$want" ]; then pass "docs/SQL.md:$line: $expr"; else
    fail "docs/SQL.md:$line: SELECT $expr printed '$got', documented '$want'"; fi
done > "$WORK/expressions"
cat "$WORK/expressions"
PASSED=$((PASSED + $(grep -c '^ok ' "$WORK/expressions" || true)))
FAILED=$((FAILED + $(grep -c '^FAIL ' "$WORK/expressions" || true)))
[ "$PASSED" -ge 120 ] && pass "ran at least 120 documented examples" || fail "only $PASSED examples passed"
finish
