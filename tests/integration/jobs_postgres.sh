#!/usr/bin/env bash
# ETL jobs with PostgreSQL, end to end through the CLI (`sluice job run|validate|runs|
# show|bookmark`), against a throwaway server (scripts/pg-test-server.sh) that requires
# a password of the role the jobs connect as (scram-sha-256 for role etl; the test's
# own psql connects as the trusted superuser):
#  1. every PostgreSQL target mode through a job: append (twice → every row twice),
#     truncate_insert (twice → the same rows), upsert on keys (changed and new keys →
#     updated and inserted), replace_where with `:day` from --arg (only that day
#     replaced); psql's rows compared with the expected ones;
#  2. a failed PostgreSQL load (a value too long for varchar(3), a NULL for a NOT NULL
#     column) → exit 1, the PostgreSQL table, the lake target and the bookmark exactly as
#     before, the run FAILED with an error naming the target; then a good run loads all;
#  3. every type lake → PostgreSQL (table created: its column types checked) → lake
#     (a postgres_table source read in 4 parallel ranges of an integer id), the two lake
#     tables equal (EXCEPT both ways, counts, ids unique);
#  4. secrets never stored: the connection's password (password_env) and a pii step's
#     key (SLUICE_SECRETS_FILE) appear nowhere in the lake folder (catalog included), the
#     run records or the commands' output; the pii hash equals Python's HMAC-SHA256;
#  5. `job validate` of a spec naming a connection sluice.yaml lacks: exit 2, the
#     connection and the spec line named.
# Specs and the long SQL live in tests/integration/jobs_pg/.
# Usage: tests/integration/jobs_postgres.sh BUILD_DIR
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/lib.sh"
unset SLUICE_LAKE SLUICE_CRASH_AT SLUICE_SECRETS_FILE PGPASSWORD
REPO=$(cd "$HERE/../.." && pwd)
SPECS="$HERE/jobs_pg"

start_pg_test_server jobs_postgres
PORT=$(cat "$SERVER_DIR/port")
export PGPASSFILE="$WORK/no-pgpass"  # no ~/.pgpass may supply a password behind our back
pg() { PGCLIENTENCODING=UTF8 psql -X -q -At -v ON_ERROR_STOP=1 "$URL" "$@"; }
pgcsv() { pg -F, "$@"; }

# ---- the role the jobs use: etl, with a password the server asks for -----------------
# Distinctive values, so that a grep finds them wherever they leak.
WH_PASSWORD_VALUE="whpw-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
PII_KEY_VALUE="piikey-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
WRONG_PASSWORD_VALUE="wrongpw-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
pg -c "CREATE ROLE etl LOGIN SUPERUSER PASSWORD '$WH_PASSWORD_VALUE'"
HBA=$(pg -c "SHOW hba_file")
{ echo "host all etl 127.0.0.1/32 scram-sha-256"; cat "$HBA"; } >"$WORK/hba"
cat "$WORK/hba" >"$HBA"  # in place: the file keeps its owner (the server's user)
pg -c "SELECT pg_reload_conf()" >/dev/null
ETL_URL="postgresql://etl@127.0.0.1:$PORT/sluice"
if psql -X -w -At "$ETL_URL" -c "SELECT 1" >/dev/null 2>&1; then
  fail "setup: the server lets etl in without a password (the password tests would prove nothing)"
else pass "setup: the server asks etl for a password"; fi
[ "$(PGPASSWORD=$WH_PASSWORD_VALUE psql -X -w -At "$ETL_URL" -c "SELECT current_user")" = etl ] &&
  pass "setup: etl logs in with its password" || fail "setup: etl cannot log in with its password"
export WH_PASSWORD="$WH_PASSWORD_VALUE"

# ---- the lake ------------------------------------------------------------------------
L="$WORK/lake"
"$SLUICE" init "$L" >/dev/null
mkdir -p "$L/jobs" "$L/drop/m" "$L/drop/codes" "$L/drop/space_events"
python3 - "$L/sluice.yaml" "$ETL_URL" <<'EOF'
import sys
path, url = sys.argv[1], sys.argv[2]
text = open(path).read()
assert "connections: {}\n" in text, "sluice init's sluice.yaml changed: connections: {} not found"
text = text.replace("connections: {}\n",
                    f"connections:\n  warehouse:\n    url: \"{url}\"\n    password_env: WH_PASSWORD\n")
open(path, "w").write(text)
EOF
printf 'PII_KEY=%s\n' "$PII_KEY_VALUE" >"$WORK/secrets"  # outside the lake
export SLUICE_SECRETS_FILE="$WORK/secrets"
q() { "$SLUICE" query --lake "$L" --format csv --no-header "$@"; }

# sl WANT DESCRIPTION -- SLUICE_ARGS...: expect_exit on sluice; every command's stdout
# and stderr are kept in $WORK/transcript for the secrets check (part 4).
sl() {
  local want=$1 what=$2
  shift 3
  expect_exit "$want" "$what" -- "$SLUICE" "$@"
  cat "$WORK/out" "$WORK/err" >>"$WORK/transcript"
}
# same WHAT EXPECTED GOT
same() {
  if [ "$2" = "$3" ]; then pass "$1"; else
    fail "$1"; diff <(echo "$2") <(echo "$3") | sed 's/^/     /' | head -20; fi
}
# last_run_json: `job show --format json` of the newest run.
last_run_json() {
  local id
  id=$("$SLUICE" job runs --lake "$L" --format json | grep -o '"run_id": [0-9]*' | head -1 | grep -o '[0-9]*$')
  "$SLUICE" job show "$id" --lake "$L" --format json
}

# ---- 1. the PostgreSQL target modes -------------------------------------------------
# drop/m/data.csv: id, day, name, amount; the steps cast them to integer, date,
# varchar, decimal(10,2), so psql prints the rows as the file holds them.
data() { printf 'id,day,name,amount\n'; printf '%s\n' "$@"; }
V1=(1,2024-03-01,ann,10.50 2,2024-03-01,bob,20.00 3,2024-03-01,cy,30.25
    4,2024-03-02,dee,40.00 5,2024-03-02,eve,50.75 6,2024-03-02,fay,60.00)
data "${V1[@]}" >"$L/drop/m/data.csv"
mode_job() {  # mode_job NAME TARGET_OPTIONS [PARAMETERS_LINE] [WHERE]
  cat >"$L/jobs/$1.yaml" <<EOF
name: $1
${3:-}
sources:
  m: { path: drop/m/, format: csv, csv: { header: 'true' } }
steps:
  - name: clean
    sql: |
      SELECT CAST(id AS integer) AS id, CAST(day AS date) AS day, CAST(name AS varchar) AS name,
             CAST(amount AS decimal(10,2)) AS amount
      FROM m ${4:-}
targets:
  - { from: clean, connection: warehouse, postgres_table: $2 }
EOF
}
mode_job m_append "public.m_append, mode: append"
mode_job m_trunc "public.m_trunc, mode: truncate_insert"
mode_job m_upsert "public.m_upsert, mode: upsert, keys: [id]"
mode_job m_replace "public.m_replace, mode: replace_where, replace_where: 'day = :day'" \
  "parameters: { day: date }" "WHERE CAST(day AS date) = :day"
rows_of() { pgcsv -c "SELECT id, day, name, amount FROM $1 ORDER BY id, name, amount"; }
sorted() { printf '%s\n' "$@" | LC_ALL=C sort -t, -k1,1n -k3,3 -k4,4; }

sl 0 "append: run 1" -- job run m_append --lake "$L"
sl 0 "append: run 2" -- job run m_append --lake "$L"
same "append twice: every row twice" "$(sorted "${V1[@]}" "${V1[@]}")" "$(rows_of m_append)"

sl 0 "truncate_insert: run 1" -- job run m_trunc --lake "$L"
sl 0 "truncate_insert: run 2" -- job run m_trunc --lake "$L"
same "truncate_insert twice: the rows once" "$(sorted "${V1[@]}")" "$(rows_of m_trunc)"
last_run_json >"$WORK/run.json"
expect_grep '"rows_replaced": 6' "$WORK/run.json" "truncate_insert: the run records the 6 rows it replaced"

sl 0 "upsert: run 1" -- job run m_upsert --lake "$L"
same "upsert: run 1 inserts every row" "$(sorted "${V1[@]}")" "$(rows_of m_upsert)"
# Keys 4–6 with new names and amounts, 7–9 new.
V2=(4,2024-03-02,dee2,41.00 5,2024-03-03,eve2,0.00 6,2024-03-02,fay,61.99
    7,2024-03-03,gus,70.00 8,2024-03-03,hal,80.00 9,2024-03-03,ivy,90.01)
data "${V2[@]}" >"$L/drop/m/data.csv"
sl 0 "upsert: run 2 with changed and new keys" -- job run m_upsert --lake "$L"
same "upsert: keys 1–3 kept, 4–6 updated, 7–9 inserted" "$(sorted "${V1[@]:0:3}" "${V2[@]}")" "$(rows_of m_upsert)"
[ "$(pg -c "SELECT count(*), count(DISTINCT id) FROM m_upsert")" = "9|9" ] && pass "upsert: 9 rows, one per key" ||
  fail "upsert: counts $(pg -c "SELECT count(*), count(DISTINCT id) FROM m_upsert")"
last_run_json >"$WORK/run.json"
expect_grep '"rows": 6' "$WORK/run.json" "upsert: the run records 6 rows loaded"
expect_grep '"rows_replaced": 3' "$WORK/run.json" "upsert: the run records 3 rows updated"
same "upsert: the created table has PRIMARY KEY (id)" "PRIMARY KEY (id)" \
  "$(pg -c "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'public.m_upsert'::regclass AND contype = 'p'")"

data "${V1[@]}" >"$L/drop/m/data.csv"
sl 0 "replace_where: day 1" -- job run m_replace --arg day=2024-03-01 --lake "$L"
sl 0 "replace_where: day 2" -- job run m_replace --arg day=2024-03-02 --lake "$L"
same "replace_where: both days loaded once" "$(sorted "${V1[@]}")" "$(rows_of m_replace)"
# New data for both days; only day 1 is asked for: day 2 must keep its old rows.
V3=(1,2024-03-01,ann,11.00 2,2024-03-01,bob3,22.00 10,2024-03-01,jo,100.00
    4,2024-03-02,CHANGED,0.00 11,2024-03-02,NEW,0.00)
data "${V3[@]}" >"$L/drop/m/data.csv"
sl 0 "replace_where: day 1 again with new rows" -- job run m_replace --arg day=2024-03-01 --lake "$L"
same "replace_where: day 1's rows replaced, day 2's untouched" \
  "$(sorted "${V3[@]:0:3}" "${V1[@]:3:3}")" "$(rows_of m_replace)"
last_run_json >"$WORK/run.json"
expect_grep '"rows_replaced": 3' "$WORK/run.json" "replace_where: the run records the 3 rows it deleted"
expect_grep '"day": "2024-03-01"' "$WORK/run.json" "replace_where: the run records its argument"
# A varchar parameter with a quote, bound in PostgreSQL's DELETE (never spliced into
# it), into a "Quoted" mixed-case table name.
V4=("1,2024-03-01,o'brien,1.00" 2,2024-03-01,ann,2.00 "3,2024-03-01,o'brien,3.00")
data "${V4[@]}" >"$L/drop/m/data.csv"
mode_job m_who "'public.\"MixedCase\"', mode: replace_where, replace_where: 'name = :who'" \
  "parameters: { who: varchar }" "WHERE name = :who"
sl 0 "replace_where (varchar): o'brien" -- job run m_who --arg "who=o'brien" --lake "$L"
sl 0 "replace_where (varchar): ann" -- job run m_who --arg "who=ann" --lake "$L"
sl 0 "replace_where (varchar): o'brien again" -- job run m_who --arg "who=o'brien" --lake "$L"
same "replace_where: a quoted argument replaced exactly its rows, in a mixed-case table" \
  "$(sorted "${V4[@]}")" "$(rows_of '"MixedCase"')"

# ---- 2. a failed PostgreSQL load changes nothing ---------------------------------------
pg -c "CREATE TABLE public.codes (id integer PRIMARY KEY, code varchar(3) NOT NULL)" \
   -c "INSERT INTO public.codes VALUES (1, 'abc'), (2, 'xyz')"
cat >"$L/jobs/codes.yaml" <<'EOF'
name: codes
sources:
  c: { path: drop/codes/, format: csv, csv: { header: 'true' }, bookmark: true }
steps:
  - { name: typed, sql: "SELECT CAST(id AS integer) AS id, CAST(code AS varchar) AS code FROM c" }
targets:
  - { from: typed, table: curated.codes_log, mode: append }
  - { from: typed, connection: warehouse, postgres_table: public.codes_mirror, mode: append }
  - { from: typed, connection: warehouse, postgres_table: public.codes, mode: append }
EOF
printf 'id,code\n3,ok\n4,new\n' >"$L/drop/codes/a.csv"
sl 0 "codes: run 1 loads both targets" -- job run codes --lake "$L"
state() {  # the PostgreSQL tables, the lake table and the bookmark
  echo "pg:"; pgcsv -c "SELECT * FROM public.codes ORDER BY id"
  echo "pg mirror:"; pgcsv -c "SELECT * FROM public.codes_mirror ORDER BY id"
  echo "lake:"; q "SELECT * FROM curated.codes_log ORDER BY id"
  echo "bookmark:"; "$SLUICE" job bookmark show codes --lake "$L" | awk 'NR > 1 {print $1, $NF}'
}
state >"$WORK/state.before"
[ "$(grep -c '^4,new$' "$WORK/state.before")" = 3 ] && grep -q 'drop/codes/a.csv' "$WORK/state.before" &&
  pass "codes: run 1 reached both PostgreSQL tables, the lake and the bookmark" ||
  { fail "codes: run 1 state:"; sed 's/^/     /' "$WORK/state.before"; }
# targets[1] (codes_mirror, no constraints) loads before targets[2] fails: its rows,
# sent but not committed, must be rolled back too.
failing_load() {  # failing_load WHAT CSV_LINES... : the run fails and changes nothing
  local what=$1
  shift
  printf 'id,code\n' >"$L/drop/codes/bad.csv"
  printf '%s\n' "$@" >>"$L/drop/codes/bad.csv"
  sl 1 "$what: the run fails" -- job run codes --lake "$L"
  expect_grep "targets\[2\]" "$WORK/err" "$what: the error names the target (targets[2])"
  expect_grep "public\.codes" "$WORK/err" "$what: the error names the PostgreSQL table"
  state >"$WORK/state.after"
  expect_same "$WORK/state.before" "$WORK/state.after" \
    "$what: both PostgreSQL tables, the lake table and the bookmark exactly as before"
  "$SLUICE" job runs codes --lake "$L" --limit 1 >"$WORK/runs"
  expect_grep "FAILED.*targets\[2\].*public\.codes\b" "$WORK/runs" "$what: job runs shows FAILED and the target"
  last_run_json >"$WORK/run.json"
  expect_grep '"status": "FAILED"' "$WORK/run.json" "$what: job show: FAILED"
  [ -z "$(ls -A "$L/.sluice/staging")" ] && pass "$what: no staging left" || fail "$what: staging: $(ls "$L/.sluice/staging")"
  rm "$L/drop/codes/bad.csv"
}
failing_load "varchar(3) overflow" 5,abc 6,toolong 7,xy
expect_grep "too long" "$WORK/err" "varchar(3) overflow: the server's reason is shown"
failing_load "NOT NULL violation" 5,abc 6, 7,xy
expect_grep "null value|not-null|NOT NULL" "$WORK/err" "NOT NULL violation: the server's reason is shown"
printf 'id,code\n5,abc\n6,def\n' >"$L/drop/codes/b.csv"
sl 0 "codes: a good run after the failures" -- job run codes --lake "$L"
same "codes: the good run reached PostgreSQL" "1,abc 2,xyz 3,ok 4,new 5,abc 6,def" \
  "$(pgcsv -c "SELECT * FROM public.codes ORDER BY id" | tr '\n' ' ' | sed 's/ $//')"
same "codes: the good run reached the lake" "3,ok 4,new 5,abc 6,def" \
  "$(q "SELECT * FROM curated.codes_log ORDER BY id" | tr '\n' ' ' | sed 's/ $//')"
same "codes: the good run reached the mirror" "3,ok 4,new 5,abc 6,def" \
  "$(pgcsv -c "SELECT * FROM public.codes_mirror ORDER BY id" | tr '\n' ' ' | sed 's/ $//')"
# upsert into an existing table without a unique index on the keys: refused, named.
pg -c "CREATE TABLE public.codes_nokey (id integer, code text)" -c "INSERT INTO public.codes_nokey VALUES (1, 'old')"
sed -e 's/^name: codes$/name: codes_nokey/' -e 's/bookmark: true //' \
    -e 's/postgres_table: public.codes, mode: append/postgres_table: public.codes_nokey, mode: upsert, keys: [id]/' \
  "$L/jobs/codes.yaml" >"$L/jobs/codes_nokey.yaml"
sl 1 "upsert without a unique index on the keys fails" -- job run codes_nokey --lake "$L"
expect_grep "targets\[2\].*unique index or primary key on exactly \(id\)" "$WORK/err" \
  "upsert without a unique index: the message names the target and the keys"
same "upsert without a unique index: nothing written" "1|old|4|4" \
  "$(pg -c "SELECT id, code, (SELECT count(*) FROM public.codes_mirror) FROM public.codes_nokey")|$(q "SELECT count(*) FROM curated.codes_log")"
"$SLUICE" job bookmark show codes --lake "$L" >"$WORK/bm"
[ "$(grep -c 'drop/codes/' "$WORK/bm")" = 2 ] && ! grep -q bad.csv "$WORK/bm" &&
  pass "codes: the bookmark holds a.csv and b.csv only" || { fail "codes: bookmark:"; cat "$WORK/bm"; }

# ---- 3. every type: lake → PostgreSQL → lake --------------------------------------------
# 3000 space-events rows (ids 1..3000) + 7 hand-written ones (3001..3007): 4 ranges of id.
"$DATAGEN" space-events --rows 3000 --seed 11 --null-share 0.1 --out "$L/drop/space_events/part-000.csv"
"$SLUICE" schema "$L/drop/space_events/part-000.csv" --preset redshift-unload >"$WORK/schema"
expect_grep "header: +no" "$WORK/schema" "space-events files have no header row (the specs read column0…)"
cp "$SPECS/types_out.yaml" "$SPECS/types_back.yaml" "$L/jobs/"
sl 0 "types_out: lake table + PostgreSQL table (created)" -- job run types_out --lake "$L"
pg -c "SELECT column_name, data_type, coalesce(numeric_precision::text, ''), coalesce(numeric_scale::text, '')
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'types_rt'
       ORDER BY ordinal_position" >"$WORK/pg_types"
cat >"$WORK/pg_types.expected" <<'EOF'
id|integer|32|0
b|boolean||
ti|smallint|16|0
si|smallint|16|0
i|integer|32|0
bi|bigint|64|0
r|real|24|
d|double precision|53|
d38|numeric|38|10
d10|numeric|10|2
v|text||
vb|bytea||
dt|date||
ts|timestamp without time zone||
tstz|timestamp with time zone||
EOF
expect_same "$WORK/pg_types.expected" "$WORK/pg_types" "types_out: the created PostgreSQL columns have the mapped types"
[ "$(pg -c "SELECT datetime_precision FROM information_schema.columns WHERE table_name = 'types_rt' AND column_name IN ('ts', 'tstz')" | tr '\n' ' ')" = "6 6 " ] &&
  pass "types_out: timestamps keep microseconds (precision 6)" || fail "types_out: timestamp precision"
same "types_out: PostgreSQL holds every row" "$(q "SELECT count(*) FROM curated.types_src")" "$(pg -c "SELECT count(*) FROM types_rt")"
# Spot checks in PostgreSQL itself (not through sluice's reader).
same "types_out: hard text arrives byte for byte" \
  "$(printf 'tab\tnl\ncr\rbs\\ bsN\\N dq" sq'"'"' pipe| comma, end' | od -An -tx1)" \
  "$(pg -c "SELECT v FROM types_rt WHERE id = 3001" | head -c -1 | od -An -tx1)"
same "types_out: unicode, bytea, edge numbers" \
  "héllo ✓ 日本語 🎉 Ünïcödé ß|\\x|9223372036854775807|9999999999999999999999999999.9999999999|9999-12-31 23:59:59.999999" \
  "$(pg -c "SELECT v, vb, bi, d38, ts FROM types_rt WHERE id = 3002")"
same "types_out: bytea with NUL, newline, backslash" '\x00ff0a0d5c095c4e' "$(pg -c "SELECT vb FROM types_rt WHERE id = 3001")"
same "types_out: the NULL row is NULL in every column" 14 \
  "$(pg -c "SELECT num_nulls(b, ti, si, i, bi, r, d, d38, d10, v, vb, dt, ts, tstz) FROM types_rt WHERE id = 3003")"
same "types_out: '' and '\\N' stay text, not NULL" "|t|\\N|t" \
  "$(pg -c "SELECT v, v IS NOT NULL FROM types_rt WHERE id = 3004" -c "SELECT v, v IS NOT NULL FROM types_rt WHERE id = 3005" | tr '\n' '|' | sed 's/|$//')"
same "types_out: timestamptz is the instant" "2024-03-10 06:30:00.123456+00" \
  "$(PGTZ=UTC pg -c "SELECT tstz FROM types_rt WHERE id = 3001")"
same "types_out: real/double specials" "NaN|-0|Infinity|-Infinity" \
  "$(pg -c "SELECT r, d FROM types_rt WHERE id = 3007" -c "SELECT d, r FROM types_rt WHERE id = 3006" | tr '\n' '|' | sed 's/|$//')"

sl 0 "types_back: PostgreSQL → lake in 4 ranges" -- job run types_back --lake "$L"
last_run_json >"$WORK/run.json"
expect_grep '"rows": 3007' "$WORK/run.json" "types_back: 3007 rows read"
expect_grep '"files": 4,' "$WORK/run.json" "types_back: four ranges, a file each"
q "DESCRIBE curated.types_back" | cut -d, -f1,2 | tr -d '"' >"$WORK/back_types"
cat >"$WORK/back_types.expected" <<'EOF'
id,integer
b,boolean
ti,smallint
si,smallint
i,integer
bi,bigint
r,real
d,double
d38,decimal(38
d10,decimal(10
v,varchar
vb,varbinary
dt,date
ts,timestamp(6)
tstz,timestamp(6) with time zone
EOF
expect_same "$WORK/back_types.expected" "$WORK/back_types" "types_back: PostgreSQL's types map back (tinyint comes back smallint)"
q "DESCRIBE curated.types_back" | grep -q '"decimal(38,10)"' && q "DESCRIBE curated.types_back" | grep -q '"decimal(10,2)"' &&
  pass "types_back: decimal precision and scale kept" || fail "types_back: decimals: $(q "DESCRIBE curated.types_back" | grep decimal)"
same "types_back: counts equal, ids unique" "3007,3007,3007" \
  "$(q "SELECT (SELECT count(*) FROM curated.types_src), count(*), count(DISTINCT id) FROM curated.types_back")"
same "types: lake EXCEPT back = 0 rows" 0 \
  "$(q "SELECT count(*) FROM (SELECT * FROM curated.types_src EXCEPT SELECT * FROM curated.types_back)")"
same "types: back EXCEPT lake = 0 rows" 0 \
  "$(q "SELECT count(*) FROM (SELECT * FROM curated.types_back EXCEPT SELECT * FROM curated.types_src)")"
# The comparison can fail: '' → NULL in one row is one row of difference.
same "types: control — EXCEPT sees a '' turned NULL" 1 \
  "$(q "SELECT count(*) FROM (SELECT * FROM curated.types_src EXCEPT
        SELECT id, b, ti, si, i, bi, r, d, d38, d10, CASE WHEN id = 3004 THEN NULL ELSE v END, vb, dt, ts, tstz
        FROM curated.types_back)")"
same "types: the NULL row came back NULL" "3003,14" \
  "$(q "SELECT id, CAST(b IS NULL AS integer) + CAST(ti IS NULL AS integer) + CAST(si IS NULL AS integer) + CAST(i IS NULL AS integer)
        + CAST(bi IS NULL AS integer) + CAST(r IS NULL AS integer) + CAST(d IS NULL AS integer) + CAST(d38 IS NULL AS integer)
        + CAST(d10 IS NULL AS integer) + CAST(v IS NULL AS integer) + CAST(vb IS NULL AS integer) + CAST(dt IS NULL AS integer)
        + CAST(ts IS NULL AS integer) + CAST(tstz IS NULL AS integer) FROM curated.types_back WHERE id = 3003")"

# ---- 4. secrets never stored -----------------------------------------------------------
cat >"$L/jobs/pii.yaml" <<'EOF'
name: pii
sources:
  ev: { path: drop/space_events/, format: csv, csv: { preset: redshift-unload } }
steps:
  - name: people
    sql: SELECT CAST(column0 AS integer) AS id, column6 AS device, column7 AS note FROM ev
  - name: safe
    pii:
      from: people
      columns:
        - { column: device, action: hash, key_secret: PII_KEY }
        - { column: note, action: mask, keep_last: 3 }
targets:
  - { from: safe, table: curated.safe, mode: overwrite }
  - { from: safe, connection: warehouse, postgres_table: public.safe, mode: upsert, keys: [id] }
EOF
sl 0 "pii: hashes with the secret, loads PostgreSQL with the password" -- job run pii --lake "$L"
sl 0 "pii: a second run (upsert)" -- job run pii --lake "$L" --format json
device=$(q "SELECT column6 FROM read_csv('$L/drop/space_events/part-000.csv', preset => 'redshift-unload') WHERE column0 = 2")
expected_hash=$(python3 -c 'import hmac, hashlib, sys; print(hmac.new(sys.argv[1].encode(), sys.argv[2].encode(), hashlib.sha256).hexdigest())' \
  "$PII_KEY_VALUE" "$device")
[ -n "$device" ] || fail "pii: row 2 of the space-events file has no device_id (pick another row)"
same "pii: PostgreSQL's hash of row 2 ($device) is HMAC-SHA256 (python3 hmac)" "$expected_hash" \
  "$(pg -c "SELECT device FROM public.safe WHERE id = 2")"
same "pii: the lake table has the same hash" "$expected_hash" "$(q "SELECT device FROM curated.safe WHERE id = 2")"
same "pii: NULL stays NULL, every other value a 64-digit hash" \
  "$(q "SELECT count(*) FROM read_csv('$L/drop/space_events/part-000.csv', preset => 'redshift-unload') WHERE column6 IS NULL"),3000" \
  "$(pg -c "SELECT count(*) FILTER (WHERE device IS NULL), count(*) FILTER (WHERE device IS NULL OR device ~ '^[0-9a-f]{64}$') FROM public.safe" | tr '|' ,)"
# Without the password, and with a wrong one: the run fails naming the variable / the
# connection, never a value.
WH_PASSWORD= sl 1 "an empty password variable: the load fails" -- job run m_trunc --lake "$L"
(unset WH_PASSWORD; "$SLUICE" job run m_trunc --lake "$L" >"$WORK/out" 2>"$WORK/err") &&
  fail "an unset password variable: the run succeeded" || pass "an unset password variable: the run fails"
cat "$WORK/out" "$WORK/err" >>"$WORK/transcript"
expect_grep "WH_PASSWORD" "$WORK/err" "an unset password variable: the error names it"
WH_PASSWORD=$WRONG_PASSWORD_VALUE sl 1 "a wrong password: the run fails" -- job run m_trunc --lake "$L"
expect_grep "warehouse" "$WORK/err" "a wrong password: the error names the connection"
expect_grep "password authentication failed" "$WORK/err" "a wrong password: the server's reason is shown"
# Every run record, in both formats.
sl 0 "job runs" -- job runs --lake "$L" --format json --limit 1000
for id in $(grep -o '"run_id": [0-9]*' "$WORK/out" | grep -o '[0-9]*$'); do
  "$SLUICE" job show "$id" --lake "$L" --format json >>"$WORK/records" 2>&1
  "$SLUICE" job show "$id" --lake "$L" >>"$WORK/records" 2>&1
done
[ "$(grep -c '"run_id"' "$WORK/records")" -ge 20 ] && pass "secrets: $(grep -c '"run_id"' "$WORK/records") run records gathered" ||
  fail "secrets: only $(grep -c '"run_id"' "$WORK/records") run records"
for bookmarked in codes; do "$SLUICE" job bookmark show "$bookmarked" --lake "$L" >>"$WORK/records" 2>&1; done
hex() { python3 -c 'import sys; print(sys.argv[1].encode().hex())' "$1"; }
b64() { printf %s "$1" | base64; }
for secret in WH_PASSWORD_VALUE PII_KEY_VALUE WRONG_PASSWORD_VALUE; do
  value=${!secret}
  for form in "$value" "$(hex "$value")" "$(hex "$value" | tr a-f A-F)" "$(b64 "$value")"; do
    leaks=$(grep -raliF -- "$form" "$L" "$WORK/transcript" "$WORK/records" || true)
    [ -z "$leaks" ] && pass "secrets: $secret (${form:0:12}…) is nowhere in the lake, run records or output" ||
      fail "secrets: $secret found in: $leaks"
  done
done
# PostgreSQL holds the hashes, never the key (the hashing happens in sluice).
if command -v pg_dump >/dev/null; then
  PGCLIENTENCODING=UTF8 pg_dump "$URL" >"$WORK/pg_dump.sql" 2>&1 || true
  grep -q "COPY public.safe" "$WORK/pg_dump.sql" && ! grep -qaiF -- "$PII_KEY_VALUE" "$WORK/pg_dump.sql" &&
    ! grep -qaiF -- "$(hex "$PII_KEY_VALUE")" "$WORK/pg_dump.sql" &&
    pass "secrets: the pii key is nowhere in PostgreSQL (pg_dump)" || fail "secrets: pg_dump: no dump or the pii key in it"
fi
[ -f "$L/.sluice/catalog.db" ] && grep -qa 'PostgreSQL load(s) committed' "$L/.sluice/catalog.db" &&
  pass "secrets: the catalog searched holds the run records" || fail "secrets: no run records in .sluice/catalog.db"

# ---- 5. validate: a connection sluice.yaml lacks ---------------------------------------
cat >"$L/jobs/nocon.yaml" <<'EOF'
name: nocon
sources:
  m: { path: drop/m/, format: csv, csv: { header: 'true' } }
targets:
  - { from: m, table: curated.nocon, mode: append }
  - { from: m, connection: nowhere, postgres_table: public.nocon, mode: append }
EOF
sl 2 "validate: a target's unknown connection" -- job validate nocon --lake "$L"
expect_grep "nocon.yaml:6: targets\[1\].*connection 'nowhere' is not defined in sluice.yaml" "$WORK/err" \
  "validate: the message names the spec line, the target and the connection"
cat >"$L/jobs/nocon_src.yaml" <<'EOF'
name: nocon_src
sources:
  a: { path: drop/m/, format: csv, csv: { header: 'true' } }
  p: { connection: elsewhere, postgres_table: public.m_trunc }
targets:
  - { from: p, table: curated.nocon_src }
EOF
sl 1 "run: a target's unknown connection fails the run" -- job run nocon --lake "$L"
expect_grep "nocon.yaml:6: targets\[1\].*connection 'nowhere' is not defined in sluice.yaml" "$WORK/err" \
  "run: the message names the spec line and the connection"
expect_exit 1 "run: the lake target of the failed run was not created" -- "$SLUICE" query --lake "$L" "SELECT * FROM curated.nocon"
expect_grep "table 'curated.nocon' does not exist" "$WORK/err" "run: curated.nocon does not exist"
sl 2 "validate: a source's unknown connection" -- job validate nocon_src --lake "$L"
expect_grep "nocon_src.yaml:4: sources\.p.*connection 'elsewhere' is not defined in sluice.yaml" "$WORK/err" \
  "validate: the source's message names the line and the connection"
sl 0 "validate: a good spec with a PostgreSQL target" -- job validate m_upsert --lake "$L"
[ -z "$(pg -c "SELECT to_regclass('public.nocon')")" ] && pass "validate wrote nothing to PostgreSQL" ||
  fail "validate created public.nocon"
finish
