#!/usr/bin/env bash
# The issue's acceptance test: space events in the Redshift UNLOAD dialect convert to
# JSON lines holding exactly the generated values, and back to the same bytes — on one
# thread and on several, plain and compressed, small and multi-block.
source "$(dirname "$0")/lib.sh"
columns="event_id,company_id,building_id,space_id,event_ts,people_count,device_id,note"

for size in "--rows 20000" "--bytes 48M"; do
  # shellcheck disable=SC2086
  "$DATAGEN" space-events $size --seed 11 --out events.csv --json expected.jsonl
  label="space events ($size)"
  for threads in 1 2; do
    expect_exit 0 "$label: to JSON lines on $threads thread(s)" -- \
      "$SLUICE" --threads "$threads" convert events.csv events.jsonl --preset redshift-unload --columns "$columns"
    expect_same events.jsonl expected.jsonl "$label: JSON lines hold exactly the generated values ($threads thread(s))"
    expect_exit 0 "$label: back to UNLOAD on $threads thread(s)" -- \
      "$SLUICE" --threads "$threads" convert events.jsonl back.csv --preset redshift-unload
    expect_same back.csv events.csv "$label: UNLOAD → JSON → UNLOAD is byte-identical ($threads thread(s))"
  done
done

"$DATAGEN" space-events --rows 5000 --seed 3 --out small.csv --json small.jsonl
gzip -c small.csv > small.csv.gz
zstd -q -c small.csv > small.zst 2>/dev/null || "$SLUICE" convert small.csv small.zst --preset redshift-unload --quiet
bzip2 -c small.csv > unload_0000_part_00
for f in small.csv.gz small.zst unload_0000_part_00; do
  expect_exit 0 "compressed input $f" -- \
    "$SLUICE" convert "$f" c.jsonl --from csv --preset redshift-unload --columns "$columns"
  expect_same c.jsonl small.jsonl "compressed input $f reads the same values"
done
expect_exit 0 "compressed output" -- "$SLUICE" convert small.jsonl out.csv.zst --preset redshift-unload
expect_exit 0 "compressed output reads back" -- "$SLUICE" convert out.csv.zst out.csv --preset redshift-unload
expect_same out.csv small.csv "zstd output decompresses to the same bytes"

expect_exit 0 "schema sniffs the UNLOAD dialect" -- "$SLUICE" schema small.csv.gz
expect_grep "delimiter: +'\|'" out "sniffed delimiter is '|'"
expect_grep "escape: +'\\\\'" out "sniffed escape is backslash"
expect_grep "bare or quoted" out "sniffed \\N as NULL, bare or quoted"
expect_grep "timestamp" out "event_ts inferred as timestamp"
finish
