#!/usr/bin/env bash
# kill -9 during INSERT, DELETE, UPDATE and OPTIMIZE leaves a table exactly as it was
# before the statement or exactly as after it, never in between.
#
# a) Deterministic: SLUICE_CRASH_AT=<point> makes sluice SIGKILL itself at that point
#    of a table commit (src/engine/table_commit.h). For every statement kind (INSERT
#    VALUES, INSERT … SELECT into a partitioned table, DELETE, UPDATE and OPTIMIZE on an
#    unpartitioned and a partitioned table) and every point:
#      before-journal                          → the table is exactly as BEFORE (rows and
#                                                data files); the statement's staging
#                                                folder is the only leftover;
#      after-journal, after-moves, after-catalog → the next process that opens the lake
#                                                completes the commit: the table is
#                                                exactly as AFTER (the same statement run
#                                                without the hook on a copy of the lake),
#                                                with as many files per folder;
#    the killed process exits 137, no journal (*.json) stays in .sluice/commits, and the
#    table takes the next UPDATE.
# b) Random timing: a 2,000,000-row table; 10 times a DELETE or an UPDATE of many rows
#    is killed after a random 0.05–1.5 s (capped near the statement's own duration, so
#    that most kills land while it runs); then count(*) and sums must equal either the
#    before or the after values, computed from the state before the statement.
# Usage: tests/integration/dml_crash.sh BUILD_DIR
# SLUICE_TEST_DATABASE=db runs against db instead of the lake's default database.
source "$(dirname "$0")/lib.sh"
unset SLUICE_LAKE SLUICE_CRASH_AT
DB=${SLUICE_TEST_DATABASE:-default}
DB_FLAG=()
[ -z "${SLUICE_TEST_DATABASE:-}" ] || DB_FLAG=(--database "$DB")

# q LAKE SQL…: one sluice process, CSV output.
q() {
  local lake=$1
  shift
  "$SLUICE" query --lake "$lake" "${DB_FLAG[@]}" --format csv "$@"
}

# state LAKE TABLE FILE: the table's rows, sorted, as CSV in FILE (a failure leaves the
# error in FILE, which then matches nothing).
state() {
  q "$1" "SELECT * FROM $2 ORDER BY id" >"$3" 2>&1 || echo "<exit $?>" >>"$3"
}

# files LAKE TABLE: the table's data files, relative to its folder, sorted (hidden names
# ignored).
files() {
  (cd "$1/$DB/$2" 2>/dev/null && find . -type f ! -name '.*' ! -name '_*' | sort) || true
}

# folder_counts LAKE TABLE: how many data files each folder of the table holds.
folder_counts() {
  files "$1" "$2" | sed 's|/[^/]*$||' | sort | uniq -c
}

# --- a) The crash points ---------------------------------------------------------------
BASE="$WORK/base"
"$SLUICE" init "$BASE" >/dev/null
values() {  # values FROM TO: (id, 'name id', id.25) rows
  local i sep=""
  for i in $(seq "$1" "$2"); do printf '%s(%d, %s, %d.25)' "$sep" "$i" "$([ $((i % 7)) -eq 0 ] && echo NULL || echo "'name $i'")" "$i"; sep=", "; done
}
setup_ok=0
{
  q "$BASE" "CREATE TABLE t (id integer NOT NULL, name varchar, amount decimal(10,2))" &&
  q "$BASE" "INSERT INTO t VALUES $(values 1 10)" &&
  q "$BASE" "INSERT INTO t VALUES $(values 11 20)" &&
  q "$BASE" "INSERT INTO t VALUES $(values 21 30)" &&
  q "$BASE" "CREATE TABLE p (id integer NOT NULL, amount decimal(10,2), region varchar) WITH (partitioned_by = ARRAY['region'])" &&
  q "$BASE" "INSERT INTO p VALUES (1, 1.00, 'emea'), (2, 2.00, 'emea'), (3, 3.00, 'amer'), (4, 4.00, NULL), (5, 5.00, 'amer')" &&
  q "$BASE" "INSERT INTO p VALUES (6, 6.00, 'emea'), (7, 7.00, 'amer'), (8, 8.00, NULL), (9, 9.00, 'emea'), (10, 10.00, 'amer')"
} >/dev/null 2>"$WORK/setup.err" || setup_ok=1
[ "$setup_ok" -eq 0 ] && pass "setup: tables t (3 files) and p (partitioned, 2 files per partition)" ||
  { fail "setup"; sed 's/^/     /' "$WORK/setup.err" | head -5 || true; }

# Each case: NAME TABLE STATEMENT.
CASES=(
  "insert-values|t|INSERT INTO t VALUES (100, 'hundred', 100.00), (101, NULL, NULL)"
  "insert-select-partitioned|p|INSERT INTO p SELECT id + 1000, CAST(amount * 2 AS decimal(10,2)), CASE WHEN region = 'emea' THEN 'apac' ELSE region END FROM p"
  "delete|t|DELETE FROM t WHERE id % 3 = 0 OR id > 25"
  "delete-partitioned|p|DELETE FROM p WHERE region = 'amer' OR id = 1"
  "update|t|UPDATE t SET amount = CAST(amount + 0.50 AS decimal(10,2)), name = upper(name) WHERE id % 2 = 0"
  "update-partitioned|p|UPDATE p SET region = 'apac', amount = CAST(amount + 1 AS decimal(10,2)) WHERE region = 'emea' AND id % 2 = 0"
  "optimize|t|OPTIMIZE t"
  "optimize-partitioned|p|OPTIMIZE p"
)
POINTS=(before-journal after-journal after-moves after-catalog)

state "$BASE" t "$WORK/before-t.csv"
state "$BASE" p "$WORK/before-p.csv"

for entry in "${CASES[@]}"; do
  IFS='|' read -r name table sql <<<"$entry"
  before="$WORK/before-$table.csv"
  # The expected AFTER state: the statement without the hook on a copy.
  expected_lake="$WORK/expected-$name"
  cp -a "$BASE" "$expected_lake"
  if ! q "$expected_lake" "$sql" >/dev/null 2>"$WORK/expected.err"; then
    fail "$name: the statement fails without a crash:"; sed 's/^/     /' "$WORK/expected.err" | head -3 || true
    continue
  fi
  after="$WORK/after-$name.csv"
  state "$expected_lake" "$table" "$after"
  if cmp -s "$before" "$after" && [ "${name#optimize}" = "$name" ]; then
    fail "$name: the statement changes no row (the case tests nothing)"
  fi

  for point in "${POINTS[@]}"; do
    lake="$WORK/crash-$name-$point"
    cp -a "$BASE" "$lake"
    what="$name × $point"
    code=0
    # (In a subshell whose stderr is dropped: bash's "Killed" notice is no failure.)
    (SLUICE_CRASH_AT=$point "$SLUICE" query --lake "$lake" "${DB_FLAG[@]}" "$sql" >/dev/null 2>"$WORK/crash.err"; exit $?) \
      2>/dev/null || code=$?
    if [ "$code" -eq 137 ]; then pass "$what: killed (exit 137)"; else
      fail "$what: exit $code, expected 137 (killed at $point)"; sed 's/^/     /' "$WORK/crash.err" | head -3 || true; fi

    got="$WORK/got-$name-$point.csv"
    state "$lake" "$table" "$got"  # the first process to open the lake again
    if [ "$point" = before-journal ]; then want=$before; expected=BEFORE; else want=$after; expected=AFTER; fi
    if cmp -s "$want" "$got"; then pass "$what: the table is exactly as $expected"; else
      fail "$what: the table is not as $expected:"
      diff -u --label "$expected" --label "after the crash" "$want" "$got" | head -20 | sed 's/^/     /' || true
    fi

    journals=$(ls "$lake/.sluice/commits" 2>/dev/null | grep -c '\.json$' || true)
    [ "$journals" -eq 0 ] && pass "$what: no journal left" || fail "$what: $journals journal(s) left in .sluice/commits"
    staging=$(ls -A "$lake/.sluice/staging" 2>/dev/null | wc -l)
    others=$(ls -A "$lake/.sluice/commits" 2>/dev/null | tr '\n' ' ')
    if [ "$point" = before-journal ]; then
      # The dead statement's staging folder and its commit's lock file (no journal) stay
      # until a later open finds them old (a day / an hour: table_commit.h).
      others=$(ls -A "$lake/.sluice/commits" 2>/dev/null | grep -v '\.lock$' | tr '\n' ' ' || true)
      [ "$staging" -le 1 ] && [ -z "$others" ] && pass "$what: the staging folder and a lock file are the only leftovers" ||
        fail "$what: leftovers: $staging staging folder(s); in .sluice/commits: ${others:-nothing}"
      if [ "$(files "$lake" "$table")" = "$(files "$BASE" "$table")" ]; then pass "$what: the data files are those before"; else
        fail "$what: the data files changed:"
        diff <(files "$BASE" "$table") <(files "$lake" "$table") | head -10 | sed 's/^/     /' || true
      fi
    else
      [ "$staging" -eq 0 ] && [ -z "$others" ] && pass "$what: nothing left in staging and commits" ||
        fail "$what: leftovers: $staging staging folder(s); in .sluice/commits: ${others:-nothing}"
      if [ "$(folder_counts "$lake" "$table")" = "$(folder_counts "$expected_lake" "$table")" ]; then
        pass "$what: as many files per folder as without the crash"
      else
        fail "$what: files per folder differ from the run without a crash:"
        diff <(folder_counts "$expected_lake" "$table") <(folder_counts "$lake" "$table") | head -10 | sed 's/^/     /' || true
      fi
    fi

    # The table takes the next change: an UPDATE that rewrites every file changes nothing.
    if q "$lake" "UPDATE $table SET amount = amount WHERE id > 0" >/dev/null 2>"$WORK/next.err"; then
      state "$lake" "$table" "$WORK/next.csv"
      cmp -s "$got" "$WORK/next.csv" && pass "$what: the table takes the next UPDATE" ||
        fail "$what: a no-op UPDATE after the crash changed the rows"
    else
      fail "$what: the next UPDATE fails: $(head -1 "$WORK/next.err")"
    fi
    rm -rf "$lake"
  done
  rm -rf "$expected_lake"
done

# --- b) kill -9 at a random moment ---------------------------------------------------------
BIG="$WORK/big"
"$SLUICE" init "$BIG" >/dev/null
v100=$(seq -s, 0 99)
v200=$(seq -s, 0 199)
v25=$(seq -s, 0 24)
big_ok=0
q "$BIG" "CREATE TABLE big (id bigint NOT NULL, g integer, v bigint)" >/dev/null 2>"$WORK/big.err" || big_ok=1
# 4 statements of 500,000 rows (4 files): id = 0 … 1,999,999, g = id % 100.
for part in 0 1 2 3; do
  q "$BIG" "INSERT INTO big SELECT (a.x + $((part * 25))) * 20000 + b.x * 100 + c.x, c.x, a.x + b.x
            FROM (VALUES $v25) AS a(x) CROSS JOIN (VALUES $v200) AS b(x) CROSS JOIN (VALUES $v100) AS c(x)" \
    >/dev/null 2>>"$WORK/big.err" || big_ok=1
done
SUMS="SELECT count(*) AS n, sum(id) AS ids, sum(v) AS vs FROM big"
q "$BIG" "$SUMS" --no-header >"$WORK/big.sums" 2>>"$WORK/big.err" || big_ok=1
if [ "$big_ok" -eq 0 ] && [ "$(cat "$WORK/big.sums")" = "2000000,1999999000000,223000000" ]; then
  pass "a 2,000,000-row table in 4 files"
else
  fail "the 2,000,000-row table: $(cat "$WORK/big.sums" 2>/dev/null) $(head -3 "$WORK/big.err")"
fi

# statement I: iteration I's statement; expected_after I: its after-sums computed from
# the current state.
statement() {
  if [ $(($1 % 2)) -eq 1 ]; then echo "DELETE FROM big WHERE g = $1 OR g = $(($1 + 50))"; else
    echo "UPDATE big SET v = v + 1 WHERE g < 50 OR g = $1"; fi
}
expected_after() {
  if [ $(($1 % 2)) -eq 1 ]; then
    q "$BIG" --no-header "SELECT count(*), sum(id), sum(v) FROM big WHERE NOT (g = $1 OR g = $(($1 + 50)))"
  else
    q "$BIG" --no-header "SELECT count(*), sum(id), sum(v) + sum(CASE WHEN g < 50 OR g = $1 THEN 1 ELSE 0 END) FROM big"
  fi
}

# How long the statements take, on a copy: the kills land in 0.05 s … min(1.5 s, 1.2 × that).
cp -a "$BIG" "$WORK/big-timing"
start=$(date +%s%N)
q "$WORK/big-timing" "$(statement 1)" >/dev/null 2>&1 || true
q "$WORK/big-timing" "$(statement 2)" >/dev/null 2>&1 || true
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
rm -rf "$WORK/big-timing"
max_ms=$((elapsed_ms * 6 / 10))  # 1.2 × the mean of the two
[ "$max_ms" -le 1500 ] || max_ms=1500
[ "$max_ms" -ge 100 ] || max_ms=100
echo "     (a DELETE and an UPDATE take ${elapsed_ms} ms together: kills after 50 … ${max_ms} ms)"

killed=0 finished=0 as_before=0 as_after=0
for i in $(seq 1 10); do
  sql=$(statement "$i")
  q "$BIG" "$SUMS" --no-header >"$WORK/before.sums" 2>&1 || true
  expected_after "$i" >"$WORK/after.sums" 2>&1 || true
  "$SLUICE" query --lake "$BIG" "${DB_FLAG[@]}" "$sql" >/dev/null 2>"$WORK/random.err" &
  pid=$!
  delay_ms=$((50 + RANDOM % (max_ms - 49)))
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -9 "$pid" 2>/dev/null || true
  code=0
  { wait "$pid"; } 2>/dev/null || code=$?  # no "Killed" notice
  if [ "$code" -eq 137 ]; then killed=$((killed + 1)); elif [ "$code" -eq 0 ]; then finished=$((finished + 1)); else
    fail "random kill $i: the statement failed by itself (exit $code): $(head -1 "$WORK/random.err")"; fi
  q "$BIG" "$SUMS" --no-header >"$WORK/now.sums" 2>&1 || true
  now=$(cat "$WORK/now.sums")
  what="random kill $i after ${delay_ms} ms ($( [ "$code" -eq 137 ] && echo killed || echo "finished, exit $code")): ${sql%% WHERE*}"
  if [ "$now" = "$(cat "$WORK/before.sums")" ]; then as_before=$((as_before + 1)); pass "$what: as before ($now)"
  elif [ "$now" = "$(cat "$WORK/after.sums")" ]; then as_after=$((as_after + 1)); pass "$what: as after ($now)"
  else fail "$what: $now is neither before ($(cat "$WORK/before.sums")) nor after ($(cat "$WORK/after.sums"))"; fi
  journals=$(ls "$BIG/.sluice/commits" 2>/dev/null | grep -c '\.json$' || true)
  [ "$journals" -eq 0 ] || fail "random kill $i: $journals journal(s) left after the next open"
done
echo "     (random kills: $killed killed, $finished finished first; $as_before as before, $as_after as after)"
[ "$killed" -ge 1 ] && pass "at least one statement was killed while it ran ($killed of 10)" ||
  fail "no statement was killed while it ran: the random part tested nothing"
finish
