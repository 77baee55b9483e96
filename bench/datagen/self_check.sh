#!/usr/bin/env bash
# Hand-run sanity check of sluice-datagen (not part of the test suite).
#
#   bench/datagen/self_check.sh build-datagen/sluice-datagen
#
# Checks determinism, table independence, TPC-H row counts and line shape, and that
# the first 1000 space events (default seed) contain every hard note case. Needs GNU
# grep (-P) and awk. Prints one line per check and exits non-zero on the first failure.
set -euo pipefail
export LC_ALL=C

datagen=$(realpath "${1:?usage: self_check.sh PATH/TO/sluice-datagen}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok   $*"; }

# --- TPC-H ---------------------------------------------------------------------
"$datagen" tpch --sf 0.01 --out a
"$datagen" tpch --sf 0.01 --out b
for table in region nation supplier customer part partsupp orders lineitem; do
  cmp -s "a/$table.tbl" "b/$table.tbl" || fail "tpch $table differs between two runs"
done
pass "tpch: two runs are byte-identical"

"$datagen" tpch --sf 0.01 --out c --tables lineitem,region
cmp -s a/lineitem.tbl c/lineitem.tbl && cmp -s a/region.tbl c/region.tbl ||
  fail "tpch: a table depends on which other tables are selected"
pass "tpch: --tables gives the same bytes per table"

expect_rows() {
  local actual
  actual=$(wc -l < "a/$1.tbl")
  [[ $actual -eq $2 ]] || fail "tpch $1 has $actual rows, expected $2"
}
expect_rows region 5
expect_rows nation 25
expect_rows supplier 100
expect_rows customer 1500
expect_rows part 2000
expect_rows partsupp 8000
expect_rows orders 15000
lines=$(wc -l < a/lineitem.tbl)
(( lines > 15000 && lines < 105000 )) || fail "tpch lineitem has $lines rows"
pass "tpch: row counts at SF 0.01 (lineitem $lines)"

! grep -q '|$' a/*.tbl || fail "tpch: a line ends with '|'"
awk -F'|' 'NF != 16 { exit 1 }' a/lineitem.tbl || fail "tpch: lineitem line without 16 fields"
pass "tpch: no trailing delimiter, 16 lineitem fields"

# --- space events --------------------------------------------------------------
"$datagen" space-events --out e1.csv --json e1.jsonl --rows 1000
"$datagen" space-events --out e2.csv --json e2.jsonl --rows 1000
cmp -s e1.csv e2.csv && cmp -s e1.jsonl e2.jsonl || fail "space-events differ between runs"
pass "space-events: two runs are byte-identical"

[[ $(wc -l < e1.jsonl) -eq 1000 ]] || fail "space-events: JSON lines file does not have 1000 lines"
"$datagen" space-events --out small.csv --bytes 2K
[[ $(stat -c %s small.csv) -ge 2048 ]] || fail "space-events: --bytes 2K wrote less than 2 KiB"
pass "space-events: --rows and --bytes"

# Each hard note case, as it appears escaped in the UNLOAD file (or in the JSON).
expect() {  # expect NAME FILE GREP-P-PATTERN
  grep -qP -- "$3" "$2" || fail "space-events: no '$1' note in the first 1000 rows"
}
expect 'empty string'       e1.csv '\|""$'
expect 'pipe'               e1.csv '\\\|'
expect 'double quote'       e1.csv '\\"'
expect 'apostrophe'         e1.csv "\\\\'"
expect 'backslash'          e1.csv '\\\\'
expect 'trailing backslash' e1.csv '[^\\]\\\\"$'
expect 'LF'                 e1.csv '[^\r]\\$'
expect 'lone CR'            e1.csv '\\\r(?!\\$)'
expect 'CRLF'               e1.csv '\\\r\\$'
expect 'tab'                e1.csv '\t'
expect 'leading space'      e1.csv '\|" '
expect 'trailing space'     e1.csv ' "$'
expect 'text \N'            e1.csv '\|"\\\\N"$'
expect 'text NULL'          e1.csv '\|"NULL"$'
expect 'NULL value'         e1.csv '\|\\N$'
expect 'non-ASCII UTF-8'    e1.csv '[\x80-\xff]'
expect 'emoji'              e1.csv '\xf0\x9f'
expect 'control character'  e1.csv '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]'
expect 'long note'          e1.jsonl '"note":"[^\n]{2000,}'
pass "space-events: every hard note case occurs in the first 1000 rows"

"$datagen" space-events --out r.csv --json r.jsonl --rows 1000 --rfc4180
head -n 1 r.csv | grep -qx 'event_id,company_id,building_id,space_id,event_ts,people_count,device_id,note' ||
  fail "rfc4180: wrong header"
! grep -qP '\r(?!$)' r.csv || fail "rfc4180: a lone CR"
pass "rfc4180: header, no lone CR"

echo "all checks passed"
