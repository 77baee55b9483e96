#!/usr/bin/env bash
# `sluice convert`/`schema` with Parquet: round trips, the Redshift UNLOAD file through
# Parquet and back byte for byte, corrupt and truncated files (clear error, exit 65,
# no output left behind), flags that do not apply, partitioned output.
source "$(dirname "$0")/lib.sh"

"$DATAGEN" space-events --rows 20000 --seed 7 --out events.csv --json events.jsonl
cols=event_id,company_id,building_id,space_id,event_ts,people_count,device_id,note

# UNLOAD → Parquet → UNLOAD keeps every byte (types, NULLs, escapes).
for codec in snappy zstd gzip lz4_raw brotli none; do
  expect_exit 0 "UNLOAD → Parquet ($codec)" -- "$SLUICE" convert events.csv "e_$codec.parquet" \
    --preset redshift-unload --columns "$cols" --compression "$codec" --row-group-size 3000
  expect_exit 0 "Parquet ($codec) → UNLOAD" -- "$SLUICE" convert "e_$codec.parquet" "back_$codec.csv" \
    --preset redshift-unload
  expect_same events.csv "back_$codec.csv" "UNLOAD → Parquet ($codec) → UNLOAD is byte-identical"
done
expect_exit 0 "Parquet v2 → JSON lines" -- "$SLUICE" convert e_zstd.parquet e.jsonl --quiet
expect_exit 0 "writer version 2" -- "$SLUICE" convert events.jsonl e_v2.parquet --parquet-version 2
expect_exit 0 "v2 → JSON lines" -- "$SLUICE" convert e_v2.parquet e_v2.jsonl --quiet
expect_same events.jsonl e_v2.jsonl "JSON lines → Parquet v2 → JSON lines is byte-identical"

# schema shows row groups, codecs and statistics.
expect_exit 0 "schema of a Parquet file" -- "$SLUICE" schema e_zstd.parquet
expect_grep "row group 6" "$WORK/out" "schema lists every row group (7 of 3000 rows)"
expect_grep "ZSTD" "$WORK/out" "schema shows the codec"
expect_grep "event_ts +timestamp\(6\)" "$WORK/out" "schema shows the Sluice type"
expect_grep "min 1, max 3000" "$WORK/out" "schema shows statistics as values"

# Content detection without an extension.
cp e_snappy.parquet no_extension
expect_exit 0 "Parquet detected by its magic bytes" -- "$SLUICE" convert no_extension ne.jsonl --quiet

# Corrupt and truncated files: a clear error naming the file, exit 65, no output.
head -c 1000 e_snappy.parquet > truncated.parquet
expect_exit 65 "truncated Parquet file" -- "$SLUICE" convert truncated.parquet t.jsonl
expect_grep "truncated.parquet" "$WORK/err" "the error names the file"
[ ! -e t.jsonl ] && pass "no output after the error" || fail "output left behind"
size=$(stat -c %s e_snappy.parquet)
footer=$(od -An -t u4 -j $((size - 8)) -N 4 e_snappy.parquet | tr -d ' ')
cp e_snappy.parquet corrupt.parquet
printf '\xff\xff\xff\xff\xff\xff\xff\xff' | dd of=corrupt.parquet bs=1 seek=$((size - 8 - footer)) conv=notrunc 2>/dev/null
expect_exit 65 "corrupt footer" -- "$SLUICE" convert corrupt.parquet c.jsonl
expect_grep "corrupt.parquet" "$WORK/err" "the error names the file"
cp e_snappy.parquet corrupt_page.parquet
printf 'garbage!' | dd of=corrupt_page.parquet bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
expect_exit 65 "corrupt page data (page CRC)" -- "$SLUICE" convert corrupt_page.parquet c.jsonl
expect_grep "corrupt_page.parquet" "$WORK/err" "the error names the file"
printf 'PAR1 not really parquet PAR1' > fake.parquet
expect_exit 65 "a file that only looks like Parquet" -- "$SLUICE" schema fake.parquet

# Flags that do not apply.
expect_exit 2 "--row-group-size with CSV output" -- "$SLUICE" convert events.jsonl x.csv --row-group-size 10
expect_exit 2 "unknown Parquet codec" -- "$SLUICE" convert events.jsonl x.parquet --compression lzo2
expect_exit 2 "Parquet to stdout" -- "$SLUICE" convert events.jsonl - --to parquet

# Partitioned output: every row lands once, partition columns leave the files.
expect_exit 0 "--partition-by" -- "$SLUICE" convert events.jsonl by_company --to parquet \
  --partition-by company_id
expect_grep "partitions under by_company" "$WORK/err" "summary counts files and partitions"
[ -d "by_company/company_id=__HIVE_DEFAULT_PARTITION__" ] && pass "NULL partition folder" \
  || fail "no __HIVE_DEFAULT_PARTITION__ folder"
total=0
for f in by_company/*/*.parquet; do
  "$SLUICE" convert "$f" part.jsonl --quiet
  total=$((total + $(wc -l < part.jsonl)))
  if grep -q '"company_id"' part.jsonl; then fail "partition column inside $f"; break; fi
done
[ "$total" -eq 20000 ] && pass "partitioned files hold all 20000 rows" || fail "partitioned rows: $total"
ls -a by_company | grep -q '^\.sluice-staging' && fail "staging folder left" || pass "no staging folder left"
expect_exit 2 "--partition-by an unknown column" -- "$SLUICE" convert events.jsonl p2 --to parquet \
  --partition-by nope
finish
